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
    @Option(names = "--model", paramLabel = "DIR", required = true, description = {"A model directory written by train, or an ensemble.",
            "With predict --spark also a URI the cluster reads (hdfs://, s3a://)."})
    String location;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: the one that trained it).")
    String backend;

    @Inject
    ModelStore models;

    @Inject
    Backends backends;

    /** The model directory on this machine; a cluster URI is refused (only predict --spark fetches one). */
    Path path() {
        return Locations.local(location, "--model");
    }

    ServableModel load() {
        return models.open(path());
    }

    ServableModel load(Path directory) {
        return models.open(directory);
    }

    /** The chosen backend, else the one that trained the model if installed, else the preferred installed one. */
    Backend backendFor(ServableModel saved) {
        return backend != null ? backends.named(backend) : Serving.preferredBackend(saved, backends);
    }
}
