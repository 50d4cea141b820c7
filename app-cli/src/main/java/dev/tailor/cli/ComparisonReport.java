package dev.tailor.cli;

import dev.tailor.config.TailorConfig;
import dev.tailor.domain.evaluation.BackendRun;
import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.training.TrainingConfig;
import java.util.List;
import java.util.function.Function;

/** A comparison as Markdown: written to comparison.md and shown on the console. */
final class ComparisonReport {
    private ComparisonReport() {
    }

    static String markdown(TailorConfig config, int trainImages, int testImages, List<BackendRun> runs,
                           List<PairedComparison> pairs) {
        TrainingConfig t = config.training();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(config.model().name()).append(" on ")
                .append(String.join(", ", runs.stream().map(BackendRun::backend).toList())).append("\n\n");
        md.append(String.format("%d epochs, batch %d, %s lr %s, seed %d, %d threads; %,d training and %,d test images.%n",
                t.epochs(), t.batchSize(), t.optimizer().type(), t.optimizer().learningRate(), t.seed(), t.threads(),
                trainImages, testImages));
        boolean sameStart = runs.stream().map(BackendRun::initialWeights).distinct().count() == 1;
        md.append(sameStart
                ? "Every backend started from identical weights and saw the same batches in the same order.\n\n"
                : "Each backend started from its own initial weights (see below) and saw the same batches in the same order.\n\n");

        row(md, "", runs, BackendRun::backend);
        md.append("|---|").append("---:|".repeat(runs.size())).append('\n');
        row(md, "engine", runs, BackendRun::engine);
        row(md, "initial weights (SHA-256)", runs, r -> r.initialWeights().substring(0, 12));
        row(md, "test accuracy", runs, r -> String.format("%.4f", r.evaluation().accuracy()));
        row(md, "macro F1", runs, r -> String.format("%.4f", r.evaluation().macroF1()));
        row(md, "training seconds", runs, r -> String.format("%.1f", r.trainingSeconds()));
        row(md, "training images/s", runs, r -> String.format("%,.0f", r.trainingImagesPerSecond()));
        row(md, "inference images/s", runs, r -> String.format("%,.0f", r.inferenceImagesPerSecond()));
        row(md, "peak memory (MiB, process RSS)", runs, r -> String.format("%,d", r.peakMemoryBytes() >> 20));

        md.append("\n## Accuracy per class\n\n");
        row(md, "class", runs, BackendRun::backend);
        md.append("|---|").append("---:|".repeat(runs.size())).append('\n');
        List<String> classes = runs.get(0).evaluation().classNames();
        for (int c = 0; c < classes.size(); c++) {
            int index = c;
            row(md, classes.get(c), runs, r -> String.format("%.4f", r.evaluation().perClass().get(index).recall()));
        }

        md.append("\n## Agreement\n\n");
        md.append("| pair | same prediction | both right | only first right | only second right | both wrong | McNemar exact p |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (PairedComparison p : pairs) {
            md.append(String.format("| %s vs %s | %.2f%% | %,d | %,d | %,d | %,d | %.4g |%n", p.first(), p.second(),
                    100 * p.agreement(), p.bothRight(), p.onlyFirstRight(), p.onlySecondRight(), p.bothWrong(), p.mcNemarP()));
        }
        for (PairedComparison p : pairs) {
            md.append(String.format("%n%s vs %s: %s (p = %.4g).%n", p.first(), p.second(), p.significant()
                    ? "the accuracy difference is unlikely to be chance at the 5% level"
                    : "the accuracy difference is within what chance explains at the 5% level", p.mcNemarP()));
        }
        md.append("\nPeak memory is the whole process's resident memory while that backend ran, so a later backend's figure "
                + "includes what earlier ones left loaded (the JVM, native libraries).\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String label, List<BackendRun> runs, Function<BackendRun, String> cell) {
        md.append("| ").append(label).append(" |");
        for (BackendRun run : runs) {
            md.append(' ').append(cell.apply(run)).append(" |");
        }
        md.append('\n');
    }
}
