package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.CompareUseCase;
import dev.tailor.application.port.in.SweepUseCase;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.port.out.ConfigEditor;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.application.service.Compare;
import dev.tailor.application.service.Sweep;
import dev.tailor.config.FileTrees;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.Backends;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.Optional;

/** The experiments' use cases, their runs trained in this process or, with {@code --spark MASTER}, as cluster tasks. */
final class Experiments {
    private final ExperimentStore experiments;
    private final ConfigEditor configs;
    private final TrainUseCase train;
    private final Backends backends;
    private final RunReporter reporter;
    private final Provider<Cluster> cluster;

    @Inject
    Experiments(ExperimentStore experiments, ConfigEditor configs, TrainUseCase train, Backends backends, RunReporter reporter,
                Provider<Cluster> cluster) {
        this.experiments = experiments;
        this.configs = configs;
        this.train = train;
        this.backends = backends;
        this.reporter = reporter;
        this.cluster = cluster;
    }

    /**
     * An experiment ready to run: its config (data and output on this machine), where its runs train, and the cluster
     * URI its output is uploaded to when it ends, if {@code --output} named one. Closing it removes the local staging.
     */
    record Setup(TailorConfig config, TrainingRuns runs, Optional<Uploaded> output) implements AutoCloseable {
        @Override
        public void close() {
            output.ifPresent(target -> FileTrees.deleteQuietly(target.staging()));
        }
    }

    /** An experiment written to {@code staging} here, then put whole at {@code uri}. */
    record Uploaded(Path staging, String uri, boolean replace) {
    }

    /**
     * The experiment the options describe. In this process, every location is a path here; with {@code --spark},
     * {@code --data} may be a cluster URI (fetched here and by each executor) and {@code --output} too (the experiment
     * is written here, then uploaded whole).
     */
    Setup setup(ExperimentOptions options) {
        if (options.spark == null) {
            return new Setup(options.resolve(), TrainingRuns.inProcess(train), Optional.empty());
        }
        Cluster onCluster = cluster.get();
        Optional<String> dataUri = Optional.ofNullable(options.config.file.data).filter(Locations::isRemote);
        String output = options.config.output;
        boolean remoteOutput = output != null && Locations.isRemote(output);
        Path into = output == null || remoteOutput ? null : Locations.local(output, "--output");
        Optional<Uploaded> uploaded = Optional.empty();
        if (remoteOutput) {
            if (options.resume) {
                throw new InvalidInputException("--resume needs --output on this machine: " + output + " is written whole when the "
                        + "experiment ends");
            }
            if (onCluster.exists(output) && !options.config.overwrite) {
                throw new InvalidInputException("--output " + output + " already exists; choose a new path or give --overwrite");
            }
            Path staging = FileTrees.temporaryDirectory("tailor-experiment");
            into = staging.resolve("experiment");
            uploaded = Optional.of(new Uploaded(staging, output, options.config.overwrite));
        }
        TailorConfig config;
        try {
            config = options.resolve(location -> Locations.isRemote(location) ? onCluster.download(location)
                    : Locations.local(location, "--data"), into);
        } catch (RuntimeException e) {
            uploaded.ifPresent(target -> FileTrees.deleteQuietly(target.staging()));
            throw e;
        }
        return new Setup(config, onCluster.trainingRuns(options.spark, reporter, dataUri), uploaded);
    }

    /** Where the experiment's files are now: {@code directory}, or the cluster URI they were uploaded to. */
    String publish(Setup setup, Path directory) {
        if (setup.output().isEmpty()) {
            return directory.toString();
        }
        Uploaded target = setup.output().get();
        cluster.get().upload(directory, target.uri(), target.replace());
        return target.uri();
    }

    CompareUseCase compare(Setup setup) {
        return new Compare(experiments, setup.runs(), backends, reporter);
    }

    SweepUseCase sweep(Setup setup) {
        return new Sweep(experiments, configs, setup.runs(), backends, reporter);
    }
}
