package dev.tailor.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import picocli.CommandLine;

/**
 * Picocli's factory: commands and mixins are made by the injector, so they get what they declare; what Guice cannot make
 * (the collections and arrays picocli fills with option values) is left to picocli's own factory.
 */
final class GuiceFactory implements CommandLine.IFactory {
    private final Injector injector = Guice.createInjector(new TailorModule());

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return injector.getInstance(type);
        } catch (ConfigurationException notInjectable) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
