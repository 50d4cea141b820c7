package dev.tailor.cli;

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
import dev.tailor.domain.spi.Backends;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

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

    /** @param sparkMaster null to train here */
    CompareUseCase compare(String sparkMaster) {
        return new Compare(experiments, runs(sparkMaster), backends, reporter);
    }

    /** @param sparkMaster null to train here */
    SweepUseCase sweep(String sparkMaster) {
        return new Sweep(experiments, configs, runs(sparkMaster), backends, reporter);
    }

    private TrainingRuns runs(String sparkMaster) {
        return sparkMaster == null ? TrainingRuns.inProcess(train) : cluster.get().trainingRuns(sparkMaster, reporter);
    }
}
