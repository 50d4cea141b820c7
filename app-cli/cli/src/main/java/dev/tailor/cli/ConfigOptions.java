package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a command that trains takes: the config file and its overrides, where the run goes, where its weights start. */
final class ConfigOptions {
    @Mixin
    ConfigFileOptions file;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for initial weights, shuffling and dropout.")
    Long seed;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images.")
    Integer trainLimit;

    @Option(names = "--output", paramLabel = "DIR", description = "Directory for the run's files; must not hold a run yet.")
    String output;

    @Option(names = "--overwrite", description = "Replace what the output directory holds instead of refusing.")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress while training; results are still printed.")
    boolean quiet;

    @Option(names = "--init-from", paramLabel = "DIR|FILE",
            description = "Start from these weights: a model directory, or a safetensors file (FILE.safetensors) that fits the spec.")
    Path initFrom;

    /** The config file (or the default) with every given override applied; validated like the file itself. */
    TailorConfig resolve() {
        return resolve(file.resolve(), output == null ? null : Locations.local(output, "--output"));
    }

    /** The config with these overrides applied to {@code c}, written to {@code into} (null: as the config says). */
    TailorConfig resolve(TailorConfig c, Path into) {
        var training = c.training();
        if (epochs != null) {
            training = training.with(t -> t.epochs(epochs));
        }
        if (seed != null) {
            training = training.with(t -> t.seed(seed));
        }
        var dataSettings = c.data();
        if (trainLimit != null) {
            dataSettings = dataSettings.withTrainLimit(trainLimit);
        }
        c = c.withTraining(training).withData(dataSettings);
        return into == null ? c : c.withOutput(into);
    }

    Optional<Path> initFrom() {
        return Optional.ofNullable(initFrom);
    }

    /** The weights of {@code --init-from}, checked against the spec, if given. */
    Optional<Weights> initialWeights(TailorConfig config, ModelStore models) {
        return Optional.ofNullable(initFrom).map(source -> models.readWeights(source, config.model()));
    }
}
