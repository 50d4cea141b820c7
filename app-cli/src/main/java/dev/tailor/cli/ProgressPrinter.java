package dev.tailor.cli;

import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingListener;
import java.io.PrintWriter;

/**
 * Training progress for people: on a terminal one line per epoch that updates in place; elsewhere (CI, files) a
 * plain line at every quarter of an epoch.
 */
final class ProgressPrinter implements TrainingListener {
    private final PrintWriter out;
    private final boolean terminal;
    private int epochs;
    private long lastDraw;

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
    }

    @Override
    public void onBatch(BatchReport r) {
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 200_000_000L || r.batch() == r.batchesPerEpoch()) {
                lastDraw = now;
                out.print("\r" + progressLine(r));
                out.flush();
            }
        } else if (isQuarterMark(r.batch(), r.batchesPerEpoch())) {
            out.println(progressLine(r));
            out.flush();
        }
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

    private String progressLine(BatchReport r) {
        double left = r.imagesPerSecond() > 0
                ? (r.batchesPerEpoch() - r.batch()) * (r.images() / (double) r.batch()) / r.imagesPerSecond() : 0;
        return String.format("epoch %d/%d %s %3.0f%% %d/%d  loss %.4f  acc %.4f  %,.0f img/s  eta %s",
                r.epoch(), epochs, bar(r.batch(), r.batchesPerEpoch()), 100.0 * r.batch() / r.batchesPerEpoch(),
                r.batch(), r.batchesPerEpoch(), r.runningLoss(), r.runningAccuracy(), r.imagesPerSecond(), clock(left));
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        String test = r.heldOutAccuracy().isPresent() ? String.format("  test acc %.4f", r.heldOutAccuracy().getAsDouble()) : "";
        out.print(terminal ? "\r\033[K" : "");
        out.println(String.format("epoch %d/%d done: loss %.4f  train acc %.4f%s  %.1f s  %,.0f img/s",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), test, r.seconds(), r.imagesPerSecond()));
        out.flush();
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
