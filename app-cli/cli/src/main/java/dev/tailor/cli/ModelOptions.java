package dev.tailor.cli;

import dev.tailor.application.ServableModel;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.application.service.Serving;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} and {@code --backend NAME}, for the commands that use a saved model. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train, or an ensemble.")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: the one that trained it).")
    String backend;

    @Inject
    ModelStore models;

    @Inject
    Backends backends;

    ServableModel load() {
        return models.open(model);
    }

    /** The chosen backend, else the one that trained the model if installed, else the preferred installed one. */
    Backend backendFor(ServableModel saved) {
        return backend != null ? backends.named(backend) : Serving.preferredBackend(saved, backends);
    }
}
