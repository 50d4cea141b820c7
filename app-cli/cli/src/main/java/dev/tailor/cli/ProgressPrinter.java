package dev.tailor.cli;

import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingListener;
import java.io.PrintWriter;

/** Training progress as plain lines, for output that is not a terminal (CI logs, files): the 25/50/75% marks, then the epoch. */
final class ProgressPrinter implements TrainingListener {
    private final PrintWriter out;
    private int epochs;

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
    }

    @Override
    public void onBatch(BatchReport r) {
        if (isQuarterMark(r.batch(), r.batchesPerEpoch())) {
            double left = r.imagesPerSecond() > 0
                    ? (r.batchesPerEpoch() - r.batch()) * (r.images() / (double) r.batch()) / r.imagesPerSecond() : 0;
            out.println(String.format("epoch %d/%d %s %3.0f%% %d/%d  loss %.4f  acc %.4f  %,.0f img/s  eta %s",
                    r.epoch(), epochs, bar(r.batch(), r.batchesPerEpoch()), 100.0 * r.batch() / r.batchesPerEpoch(),
                    r.batch(), r.batchesPerEpoch(), r.runningLoss(), r.runningAccuracy(), r.imagesPerSecond(), clock(left)));
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        out.println(EpochLine.of(r, epochs));
        out.flush();
    }

    /** Batches at 25, 50 and 75% of the epoch; the epoch's own line reports 100%. */
    private static boolean isQuarterMark(int batch, int batches) {
        for (int k = 1; k <= 3; k++) {
            if (batch == Math.max(1, Math.round(batches * k / 4f))) {
                return true;
            }
        }
        return false;
    }

    private static String bar(int done, int total) {
        int width = 20;
        int filled = (int) ((long) width * done / total);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
