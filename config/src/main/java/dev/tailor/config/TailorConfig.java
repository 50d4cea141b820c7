package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.training.TrainingConfig;
import java.nio.file.Path;

/**
 * A whole run, validated: which backend, which data, which model, how to train, where to write.
 * Relative paths are relative to the working directory.
 */
public record TailorConfig(String backend, DataSettings data, ModelSpec model, TrainingConfig training, Path output) {

    /** The faster of the two on this kind of machine: DJL trains the seed CNN ~1.6x faster than DL4J. */
    public static final String DEFAULT_BACKEND = "djl";

    /** The reference notebook's run: the seed CNN, 5 epochs of Adam 1e-3 at batch 32, seed 42, all the data. */
    public static final TailorConfig DEFAULT = new TailorConfig(DEFAULT_BACKEND, DataSettings.DEFAULT,
            ModelPresets.SEED_CNN, TrainingConfig.NOTEBOOK, Path.of("runs", ModelPresets.SEED_CNN.name()));

    public TailorConfig {
        if (backend == null || backend.isBlank()) {
            throw new InvalidInputException("backend must be a backend name such as dl4j");
        }
    }

    public TailorConfig withBackend(String value) {
        return new TailorConfig(value, data, model, training, output);
    }

    public TailorConfig withData(DataSettings value) {
        return new TailorConfig(backend, value, model, training, output);
    }

    public TailorConfig withTraining(TrainingConfig value) {
        return new TailorConfig(backend, data, model, value, output);
    }

    public TailorConfig withOutput(Path value) {
        return new TailorConfig(backend, data, model, training, value);
    }
}
