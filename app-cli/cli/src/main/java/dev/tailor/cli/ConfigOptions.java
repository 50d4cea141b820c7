package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} and the overrides that adjust it; without a file, the notebook's run is the default. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (default: the seed CNN, 5 epochs, batch 32, seed 42).")
    Path config;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per training step.")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for initial weights, shuffling and dropout.")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Engine threads.")
    Integer threads;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory (default: $TAILOR_DATA, then /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training images.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test images.")
    Integer testLimit;

    @Option(names = "--output", paramLabel = "DIR", description = "Directory for the run's files; must not hold a run yet.")
    Path output;

    @Option(names = "--overwrite", description = "Replace what the output directory holds instead of refusing.")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress while training; results are still printed.")
    boolean quiet;

    @Option(names = "--init-from", paramLabel = "DIR|FILE",
            description = "Start from these weights: a model directory or a .safetensors file that fits the spec.")
    Path initFrom;

    /** The config file (or the default) with every given override applied; validated like the file itself. */
    TailorConfig resolve() {
        TailorConfig c = config == null ? TailorConfig.DEFAULT : ConfigFiles.read(config);
        var training = c.training();
        if (epochs != null) {
            training = training.withEpochs(epochs);
        }
        if (batchSize != null) {
            training = training.withBatchSize(batchSize);
        }
        if (seed != null) {
            training = training.withSeed(seed);
        }
        if (threads != null) {
            training = training.withThreads(threads);
        }
        var dataSettings = c.data();
        if (data != null) {
            dataSettings = dataSettings.withDirectory(data);
        }
        if (trainLimit != null) {
            dataSettings = dataSettings.withTrainLimit(trainLimit);
        }
        if (testLimit != null) {
            dataSettings = dataSettings.withTestLimit(testLimit);
        }
        c = c.withTraining(training).withData(dataSettings);
        return output == null ? c : c.withOutput(output);
    }

    Optional<Path> initFrom() {
        return Optional.ofNullable(initFrom);
    }

    /** The weights of {@code --init-from}, checked against the spec, if given. */
    Optional<Weights> initialWeights(TailorConfig config, ModelStore models) {
        return Optional.ofNullable(initFrom).map(source -> models.readWeights(source, config.model()));
    }

    boolean outputGiven() {
        return output != null;
    }
}
