package dev.tailor.application;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.TrainingConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A whole run, validated: which backend (by default the installed one {@link Backends#preferredTrainer() preferred} of those that train), which
 * data, which model, how to train, where to write. Relative paths are relative to the working directory.
 */
public record TailorConfig(Optional<String> backend, DataSettings data, ModelSpec model, TrainingConfig training, Path output) {

    /** The baseline run (TrainingConfig.BASELINE): the seed CNN, 5 epochs of Adam 1e-3 at batch 32, seed 42, all the data. */
    public static final TailorConfig DEFAULT = new TailorConfig(Optional.empty(), DataSettings.DEFAULT,
            ModelPresets.SEED_CNN, TrainingConfig.BASELINE, Path.of("runs", ModelPresets.SEED_CNN.name()));

    public TailorConfig {
        if (backend.isPresent() && backend.get().isBlank()) {
            throw new InvalidInputException("backend must be the name of an installed backend, or left out for the preferred one");
        }
    }

    /**
     * The backend the config names, else the preferred installed one that trains; one that cannot train, or cannot
     * train in the config's precision, is refused (before any data is read).
     */
    public TrainingBackend backendIn(Backends installed) {
        TrainingBackend trainer = backend.map(installed::trainer).orElseGet(installed::preferredTrainer);
        training.precision().requireOfferedBy(trainer.name(), trainer.precisions());
        return trainer;
    }

    public TailorConfig withBackend(String value) {
        return new TailorConfig(Optional.of(value), data, model, training, output);
    }

    public TailorConfig withModel(ModelSpec value) {
        return new TailorConfig(backend, data, value, training, output);
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
