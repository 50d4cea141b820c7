package dev.tailor.spark;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.service.Train;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.DataSources;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.FileRunStore;
import dev.tailor.config.FileTrees;
import dev.tailor.config.ProcStatusMemory;
import dev.tailor.config.SafeTensors;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One training run as a Spark task: its config as JSON, its backend's name, its starting weights as safetensors
 * bytes (or none). On the executor it trains into a scratch directory and comes back as that run directory, zipped.
 * Its data is the cluster URI {@code dataUri}, fetched once per executor JVM, or else the data directory the config
 * names, which must then be readable on the executor.
 */
record RemoteRun(String name, String configJson, String backend, String dataUri, byte[] initialWeights) implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * One training at a time in an executor JVM: DJL's PyTorch engine allows one gradient collector per process, and
     * each run already computes with its config's threads. Runs go side by side on separate executors.
     */
    private static final Object ONE_PER_JVM = new Object();

    /** Runs on an executor. */
    byte[] train() {
        synchronized (ONE_PER_JVM) {
            return trainHere();
        }
    }

    private byte[] trainHere() {
        Path scratch = FileTrees.temporaryDirectory("tailor-run");
        try {
            Path run = scratch.resolve("run");
            TailorConfig config = ConfigFiles.parse(configJson, name).withOutput(run);
            if (dataUri != null) {
                config = config.withData(config.data().withDirectory(HadoopFiles.downloadOnce(dataUri)));
            }
            Optional<Weights> start = initialWeights == null ? Optional.empty()
                    : Optional.of(SafeTensors.decode(initialWeights, name + " initial weights").weights());
            // The executor's own composition: the files adapter writes the run where the driver will unzip it.
            DataSources data = new DataSources();
            new Train(new FileRunStore(), data, new FileModelStore(), RunReporter.NONE, new ProcStatusMemory()).train(new TrainUseCase.Request(config,
                    Backends.installed().trainer(backend), data.load(config.data(), config.model().input()), start, RunListener.NONE, false));
            return ModelArchive.zip(run);
        } finally {
            FileTrees.deleteQuietly(scratch);
        }
    }
}
