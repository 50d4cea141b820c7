package dev.tailor.cli;

import dev.tailor.config.ModelFiles;
import dev.tailor.config.ServableModel;
import dev.tailor.config.Tailor;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR} and {@code --backend NAME}, for the commands that use a saved model. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train, or an ensemble.")
    Path model;

    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: the one that trained it).")
    String backend;

    ServableModel load() {
        return ModelFiles.open(model);
    }

    /** The chosen backend, else the one that trained the model if installed, else the preferred installed one. */
    String backendFor(ServableModel saved) {
        return backend != null ? backend : Tailor.preferredBackend(saved);
    }
}
