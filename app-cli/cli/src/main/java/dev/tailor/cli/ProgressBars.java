package dev.tailor.cli;

import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Live progress on a terminal: one bar per epoch with ETA, running loss, accuracy and images/s, then the epoch's line. */
final class ProgressBars implements TrainingListener {
    private final PrintWriter out;
    private ProgressBar bar;
    private int epochs;

    ProgressBars(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        out.flush();
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.out))
                .clearDisplayOnFinish()
                .build();
    }

    @Override
    public void onBatch(BatchReport r) {
        bar.stepTo(r.batch());
        bar.setExtraMessage(String.format("loss %.4f  acc %.4f  %,.0f img/s", r.runningLoss(), r.runningAccuracy(), r.imagesPerSecond()));
    }

    @Override
    public void onEpochEnd(EpochReport r) {
        bar.close();
        out.println(EpochLine.of(r, epochs));
        out.flush();
    }
}
