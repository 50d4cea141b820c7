package dev.tailor.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tailor.application.Compare;
import dev.tailor.application.Evaluate;
import dev.tailor.application.RunData;
import dev.tailor.application.RunReporter;
import dev.tailor.application.Sweep;
import dev.tailor.application.Train;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import java.io.PrintWriter;

/**
 * The composition root: the resolved config, the backend it names, the data it asks for, the console, and the use
 * cases, wired to draw their plots with the CLI's reporter.
 */
final class TailorModule extends AbstractModule {
    private final TailorConfig config;
    private final PrintWriter out;

    TailorModule(TailorConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    @Override
    protected void configure() {
        bind(TailorConfig.class).toInstance(config);
        bind(PrintWriter.class).toInstance(out);
        bind(RunReporter.class).to(PlotReporter.class);
    }

    @Provides
    @Singleton
    Backends backends() {
        return Backends.installed();
    }

    @Provides
    @Singleton
    TrainingBackend backend(Backends backends) {
        return config.backendIn(backends);
    }

    @Provides
    @Singleton
    RunData data() {
        return RunData.load(config);
    }

    @Provides
    Train train(RunReporter reporter) {
        return new Train(reporter);
    }

    @Provides
    Compare compare(RunReporter reporter) {
        return new Compare(reporter);
    }

    @Provides
    Sweep sweep(RunReporter reporter) {
        return new Sweep(reporter);
    }

    @Provides
    Evaluate evaluate(RunReporter reporter) {
        return new Evaluate(reporter, new ConsoleNotices(out));
    }
}
