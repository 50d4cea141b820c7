package dev.tailor.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.training.Trainer;
import java.io.PrintWriter;

/** The composition root: the resolved config, the backend it names, its trainer, the data, the console. */
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
    }

    @Provides
    @Singleton
    Backends backends() {
        return Backends.installed();
    }

    @Provides
    @Singleton
    Backend backend(Backends backends) {
        return backends.named(config.backend());
    }

    @Provides
    Trainer trainer(Backend backend) {
        return backend.trainer();
    }

    @Provides
    @Singleton
    DataLocation dataLocation() {
        return FashionMnist.locate(config.data().directory(), System.getenv());
    }
}
