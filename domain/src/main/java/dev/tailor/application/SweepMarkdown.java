package dev.tailor.application;

import static dev.tailor.application.ReportFormat.meanAndSpread;


/** A sweep's results as Markdown: sweep.md, the console's summary and the HTML report's table. */
final class SweepMarkdown {
    private SweepMarkdown() {
    }

    static String of(SweepResult r) {
        SweepResult.Trial best = r.best();
        StringBuilder md = new StringBuilder("# Sweep of " + best.config().model().name() + " on "
                + best.config().backend().orElse("?") + "\n\n");
        int seeds = best.runs().size();
        md.append(String.format("%d trials x %d seed%s; ranked by validation accuracy (%.0f%% of the training images held out%s); "
                        + "the test set is reported, not used to choose.%n%n", r.trials().size(), seeds, seeds == 1 ? "" : "s",
                100 * r.validation(), r.validationAdded() ? ", added because the config held out none" : ""));
        md.append("| rank | trial |");
        for (SweepGrid.Axis axis : r.grid().axes()) {
            md.append(' ').append(axis.name()).append(" |");
        }
        md.append(" validation accuracy | test accuracy | training seconds |\n|---:|---|");
        md.append("---:|".repeat(r.grid().axes().size())).append("---:|---:|---:|\n");
        for (int i = 0; i < r.trials().size(); i++) {
            SweepResult.Trial t = r.trials().get(i);
            md.append("| ").append(i + 1).append(" | ").append(t.name()).append(" |");
            for (SweepGrid.Axis axis : r.grid().axes()) {
                md.append(' ').append(t.settings().get(axis.path()).replace("\"", "")).append(" |");
            }
            md.append(' ').append(meanAndSpread(t.validationAccuracy(), "%.4f"))
                    .append(" | ").append(meanAndSpread(t.testAccuracy(), "%.4f"))
                    .append(" | ").append(meanAndSpread(t.trainingSeconds(), "%.1f")).append(" |\n");
        }
        md.append(String.format("%nBest: %s (%s), validation accuracy %s. Its config: %s (train it with "
                + "`tailor train --config %s`).%n", best.name(), SweepGrid.label(best.settings()),
                meanAndSpread(best.validationAccuracy(), "%.4f"), r.bestConfig().getFileName(), r.bestConfig()));
        return md.toString();
    }
}
