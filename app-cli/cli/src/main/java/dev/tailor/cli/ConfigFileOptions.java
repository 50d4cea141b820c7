package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.training.Precision;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and the overrides that matter to any command running its network (train, bench...): batch size,
 * threads, precision and where the data is. Without a file, {@link TailorConfig#DEFAULT}.
 */
final class ConfigFileOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (default: the seed CNN, 5 epochs, batch 32, seed 42).")
    Path config;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per training step.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Engine threads.")
    Integer threads;

    @Option(names = "--precision", paramLabel = "float32|bf16",
            description = "Number format of convolutions, dense layers and the activations between them while training "
                    + "(bf16: djl only; 1.4x on configs/best-cpu.json with AVX-512 BF16, none on the seed CNN).")
    String precision;

    @Option(names = "--data", paramLabel = "DIR", description = {"Fashion-MNIST directory (default: $TAILOR_DATA, then "
            + "/usr/share/datasets/fashion-mnist).", "With sweep or compare --spark also a URI the cluster reads (hdfs://, s3a://)."})
    String data;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test images.")
    Integer testLimit;

    /** The config file (or the default) with every given override applied; validated like the file itself. */
    TailorConfig resolve() {
        return resolve(location -> Locations.local(location, "--data"));
    }

    /** As {@link #resolve()}, with {@code fetch} making the {@code --data} location a directory of this machine. */
    TailorConfig resolve(java.util.function.Function<String, Path> fetch) {
        TailorConfig c = config == null ? TailorConfig.DEFAULT : ConfigFiles.read(config);
        var training = c.training();
        if (batchSize != null) {
            training = training.with(t -> t.batchSize(batchSize));
        }
        if (threads != null) {
            training = training.with(t -> t.threads(threads));
        }
        if (precision != null) {
            Precision chosen = Precision.fromId(precision);
            training = training.with(t -> t.precision(chosen));
        }
        var dataSettings = c.data();
        if (data != null) {
            dataSettings = dataSettings.withDirectory(fetch.apply(data));
        }
        if (testLimit != null) {
            dataSettings = dataSettings.withTestLimit(testLimit);
        }
        return c.withTraining(training).withData(dataSettings);
    }
}
