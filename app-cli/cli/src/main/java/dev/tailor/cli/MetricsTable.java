package dev.tailor.cli;

import dev.tailor.domain.evaluation.ClassMetrics;
import dev.tailor.domain.evaluation.Evaluation;
import java.io.PrintWriter;

/** The evaluation as a console table. */
final class MetricsTable {
    private MetricsTable() {
    }

    static void print(PrintWriter out, Evaluation e) {
        out.printf("%ntest accuracy %.4f (%,d of %,d)   macro precision %.4f  recall %.4f  F1 %.4f%n",
                e.accuracy(), e.confusionMatrix().correct(), e.confusionMatrix().total(),
                e.macroPrecision(), e.macroRecall(), e.macroF1());
        out.printf("%-12s %9s %7s %7s %8s%n", "class", "precision", "recall", "f1", "support");
        for (ClassMetrics m : e.perClass()) {
            out.printf("%-12s %9.4f %7.4f %7.4f %,8d%n", m.className(), m.precision(), m.recall(), m.f1(), m.support());
        }
    }
}
