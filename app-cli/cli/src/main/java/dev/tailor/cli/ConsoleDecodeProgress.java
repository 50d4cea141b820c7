package dev.tailor.cli;

import dev.tailor.config.DecodeProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reading a data set on the console, from the decoding threads: a bar on a terminal, a line at each quarter elsewhere.
 * Small data sets (under a thousand images) read too fast to need either.
 */
final class ConsoleDecodeProgress implements DecodeProgress {
    private static final long WORTH_SHOWING = 1000;
    private final PrintStream out;
    private final boolean terminal;
    private String current;
    private ProgressBar bar;
    private long lastQuarter;

    ConsoleDecodeProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void read(String what, long done, long total) {
        if (total < WORTH_SHOWING) {
            return;
        }
        if (!what.equals(current)) {
            finish();
            current = what;
            lastQuarter = 0;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName("reading " + what).setInitialMax(total)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(out)).clearDisplayOnFinish().build();
            }
        }
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
        } else {
            long quarter = 4 * done / total;
            if (quarter > lastQuarter) {
                lastQuarter = quarter;
                out.printf("reading %s: %,d of %,d images%n", what, done, total);
                out.flush();
            }
        }
        if (done >= total) {
            finish();
            current = null;
        }
    }

    private void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
