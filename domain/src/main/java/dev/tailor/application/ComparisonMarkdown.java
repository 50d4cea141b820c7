package dev.tailor.application;

import static dev.tailor.application.ReportFormat.meanAndSpread;

import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.statistics.PairedTests;
import dev.tailor.domain.statistics.Summary;
import dev.tailor.domain.training.TrainingConfig;
import java.util.List;
import java.util.function.Function;

/** A comparison as Markdown: comparison.md, the console's summary and the HTML report's tables. */
final class ComparisonMarkdown {
    private ComparisonMarkdown() {
    }

    static String of(Comparison c) {
        TrainingConfig t = c.config().training();
        List<Comparison.BackendSummary> backends = c.backends();
        boolean many = c.seeds().size() > 1;
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.config().model().name()).append(" on ")
                .append(String.join(", ", backends.stream().map(Comparison.BackendSummary::backend).toList())).append("\n\n");
        md.append(String.format("%d epochs, batch %d, %s lr %s, %s %s, %d threads; %,d training and %,d test images.%n",
                t.epochs(), t.batchSize(), t.optimizer().type(), t.optimizer().learningRate(),
                many ? "seeds" : "seed", seedList(c.seeds()), t.threads(), c.trainImages(), c.testImages()));
        if (backends.size() > 1) {
            boolean sameStart = true;
            for (int s = 0; s < c.seeds().size(); s++) {
                int seed = s;
                sameStart &= backends.stream().map(b -> b.initialWeights().get(seed)).distinct().count() == 1;
            }
            md.append(sameStart
                    ? "For each seed, every backend started from identical weights and saw the same batches in the same order.\n\n"
                    : "Each backend started from its own initial weights (see below) and saw the same batches in the same order.\n\n");
        } else {
            md.append('\n');
        }

        row(md, "", backends, Comparison.BackendSummary::backend);
        rule(md, backends.size());
        row(md, "engine", backends, Comparison.BackendSummary::engine);
        if (!many) {
            row(md, "initial weights (SHA-256)", backends, b -> b.initialWeights().get(0).substring(0, 12));
        }
        row(md, many ? "test accuracy (mean ± sd)" : "test accuracy", backends, b -> meanAndSpread(b.accuracy(), "%.4f"));
        if (many) {
            row(md, "95% confidence interval", backends, b -> String.format("%.4f to %.4f", b.accuracy().ciLow(), b.accuracy().ciHigh()));
        }
        row(md, "macro F1", backends, b -> meanAndSpread(b.macroF1(), "%.4f"));
        row(md, "training seconds", backends, b -> meanAndSpread(b.trainingSeconds(), "%.1f"));
        row(md, "training images/s", backends, b -> meanAndSpread(b.trainingImagesPerSecond(), "%,.0f"));
        row(md, "inference images/s", backends, b -> meanAndSpread(b.inferenceImagesPerSecond(), "%,.0f"));
        row(md, "peak memory (MiB, process RSS)", backends, b -> String.format("%,d", b.peakMemoryBytes() >> 20));

        if (many) {
            md.append("\n## Test accuracy per seed\n\n");
            row(md, "seed", backends, Comparison.BackendSummary::backend);
            rule(md, backends.size());
            for (int s = 0; s < c.seeds().size(); s++) {
                int seed = s;
                row(md, String.valueOf(c.seeds().get(s)), backends, b -> String.format("%.4f", b.accuracy().values().get(seed)));
            }
        }

        md.append("\n## Accuracy per class").append(many ? " (mean ± sd over seeds)" : "").append("\n\n");
        row(md, "class", backends, Comparison.BackendSummary::backend);
        rule(md, backends.size());
        List<String> classes = backends.get(0).classNames();
        for (int k = 0; k < classes.size(); k++) {
            int index = k;
            row(md, classes.get(k), backends, b -> meanAndSpread(b.perClassAccuracy().get(index), "%.4f"));
        }

        if (many && !c.pairs().isEmpty()) {
            md.append("\n## Paired tests over seeds (test accuracy, first minus second)\n\n");
            md.append("| pair | mean difference | 95% CI | paired t | t-test p | sign test p | Wilcoxon p |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Comparison.PairSummary p : c.pairs()) {
                PairedTests tests = p.accuracy().orElseThrow();
                Summary d = tests.differences();
                md.append(String.format("| %s − %s | %+.4f | %+.4f to %+.4f | %.3f (df %d) | %.4g | %.4g | %.4g |%n", p.first(),
                        p.second(), d.mean(), d.ciLow(), d.ciHigh(), tests.t(), tests.degreesOfFreedom(), tests.tTestP(),
                        tests.signTestP(), tests.wilcoxonP()));
            }
        }

        if (!c.pairs().isEmpty()) {
            md.append("\n## Agreement on the test images").append(many ? ", per seed" : "").append("\n\n");
            md.append("| pair | seed | same prediction | both right | only first right | only second right | both wrong | McNemar exact p |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Comparison.PairSummary p : c.pairs()) {
                for (int s = 0; s < p.perSeed().size(); s++) {
                    PairedComparison a = p.perSeed().get(s);
                    md.append(String.format("| %s vs %s | %d | %.2f%% | %,d | %,d | %,d | %,d | %.4g |%n", a.first(), a.second(),
                            c.seeds().get(s), 100 * a.agreement(), a.bothRight(), a.onlyFirstRight(), a.onlySecondRight(),
                            a.bothWrong(), a.mcNemarP()));
                }
            }
        }
        md.append('\n');
        for (Comparison.PairSummary p : c.pairs()) {
            md.append("**").append(p.first()).append(" vs ").append(p.second()).append(":** ").append(p.conclusion()).append("\n\n");
        }
        if (backends.size() > 1) {
            md.append("Peak memory is the whole process's resident memory while that backend ran, so a later backend's figure "
                    + "includes what earlier ones left loaded (the JVM, native libraries).\n");
        }
        return md.toString();
    }

    private static String seedList(List<Long> seeds) {
        return seeds.size() == 1 ? String.valueOf(seeds.get(0)) : seeds.get(0) + "-" + seeds.get(seeds.size() - 1);
    }

    private static void rule(StringBuilder md, int columns) {
        md.append("|---|").append("---:|".repeat(columns)).append('\n');
    }

    private static void row(StringBuilder md, String label, List<Comparison.BackendSummary> backends,
                            Function<Comparison.BackendSummary, String> cell) {
        md.append("| ").append(label).append(" |");
        for (Comparison.BackendSummary b : backends) {
            md.append(' ').append(cell.apply(b)).append(" |");
        }
        md.append('\n');
    }
}
