package dev.tailor.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tailor.application.port.in.BenchmarkUseCase;
import dev.tailor.application.port.in.EnsembleUseCase;
import dev.tailor.application.port.in.EvaluateUseCase;
import dev.tailor.application.port.in.SoakUseCase;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.port.out.ConfigEditor;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.service.Benchmark;
import dev.tailor.application.service.Evaluate;
import dev.tailor.application.service.MakeEnsemble;
import dev.tailor.application.service.ServingSoak;
import dev.tailor.application.service.Train;
import dev.tailor.config.DataSources;
import dev.tailor.config.FileExperimentStore;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.FileRunStore;
import dev.tailor.config.JsonConfigEditor;
import dev.tailor.config.ProcStatusMemory;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.Backends;

/**
 * The composition root: every out-port bound to its adapter (files, the installed backends, the command line's plots),
 * every use case to its service. Picocli creates each command through the injector ({@link GuiceFactory}), so a command
 * declares what it needs and nothing else builds anything.
 */
final class TailorModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(RunStore.class).to(FileRunStore.class);
        bind(ExperimentStore.class).to(FileExperimentStore.class);
        bind(ModelStore.class).to(FileModelStore.class);
        bind(DatasetSource.class).to(DataSources.class);
        bind(ConfigEditor.class).to(JsonConfigEditor.class);
        bind(RunReporter.class).to(PlotReporter.class);
    }

    /** Found once, on first use: ServiceLoader looks through the whole class path. */
    @Provides
    @Singleton
    Backends backends() {
        return Backends.installed();
    }

    /**
     * The cluster adapter, looked up only when a command asks for it ({@code --spark}): the launchers put Spark's
     * libraries on the class path for those command lines alone.
     */
    @Provides
    Cluster cluster() {
        return Cluster.installed().orElseThrow(() -> new InvalidInputException("--spark needs Tailor's Spark libraries on the "
                + "class path; bin/tailor and ./tailor add them (lib/spark) when the command line has --spark"));
    }

    /** The data a config names, read with progress on the console. */
    @Provides
    DataSources data() {
        return new DataSources(System.getenv(), new ConsoleDecodeProgress(System.out, Terminal.interactive()));
    }

    @Provides
    ProcessMemory memory() {
        return new ProcStatusMemory();
    }

    @Provides
    TrainUseCase train(RunStore runs, DatasetSource data, ModelStore models, RunReporter reporter, ProcessMemory memory) {
        return new Train(runs, data, models, reporter, memory);
    }

    @Provides
    EvaluateUseCase evaluate(RunStore runs, RunReporter reporter) {
        return new Evaluate(runs, reporter);
    }

    @Provides
    EnsembleUseCase ensemble(RunStore runs) {
        return new MakeEnsemble(runs);
    }

    @Provides
    BenchmarkUseCase benchmark(ProcessMemory memory) {
        return new Benchmark(memory);
    }

    @Provides
    SoakUseCase soak(ProcessMemory memory) {
        return new ServingSoak(memory);
    }
}
