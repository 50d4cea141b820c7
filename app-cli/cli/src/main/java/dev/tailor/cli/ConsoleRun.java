package dev.tailor.cli;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import java.io.PrintWriter;

/** A run on the console: what is about to train, on what and from which weights, then its progress. */
final class ConsoleRun implements RunListener {
    private final PrintWriter out;
    private final TrainingListener progress;
    private final String label;

    /** @param label the run's name within an experiment, or empty for a lone run (which gets the full header) */
    ConsoleRun(PrintWriter out, boolean quiet, String label) {
        this.out = out;
        this.progress = progress(out, quiet);
        this.label = label;
    }

    /** Progress bars on a terminal, plain lines elsewhere, nothing when quiet. */
    static TrainingListener progress(PrintWriter out, boolean quiet) {
        if (quiet) {
            return TrainingListener.NONE;
        }
        return Terminal.interactive() ? new ProgressBars(out) : new ProgressPrinter(out);
    }

    @Override
    public void notice(String message) {
        new ConsoleNotices(out).accept(message);
    }

    @Override
    public void starting(TailorConfig config, String backend, String engine, RunData data, String initialWeights) {
        TrainingConfig t = config.training();
        if (!label.isEmpty()) {
            out.printf("%n%s: %s on %s, seed %d, starting from weights %s%n", label, config.model().name(), engine, t.seed(),
                    initialWeights.substring(0, 12));
            out.flush();
            return;
        }
        out.printf("Training %s (%,d parameters) on %s: %s%n", config.model().name(), config.model().parameterCount(),
                backend, engine);
        out.printf("data: %,d training and %,d test images from %s (%s)%n", data.train().size(), data.test().size(),
                data.location().directory(), data.location().source());
        out.printf("%d epochs, batch %d, %s lr %s (%s), seed %d, %d threads%s%n", t.epochs(), t.batchSize(),
                t.optimizer().type(), t.optimizer().learningRate(), t.schedule().type(), t.seed(), t.threads(),
                Precisions.suffix(t.precision()));
        out.flush();
    }

    @Override
    public void resumed(TrainedRun run) {
        out.printf("%n%s: already done (test accuracy %.4f), kept%n", label, run.evaluation().accuracy());
        out.flush();
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        progress.onEpochStart(epoch, epochs, batches);
    }

    @Override
    public void onBatch(BatchReport report) {
        progress.onBatch(report);
    }

    @Override
    public void onEpochEnd(EpochReport report) {
        progress.onEpochEnd(report);
    }
}
