package dev.tailor.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.RunData;
import dev.tailor.application.SweepGrid;
import dev.tailor.application.SweepResult;
import dev.tailor.application.port.in.ExperimentListener;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.SweepUseCase;
import dev.tailor.application.port.out.ConfigEditor;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep use case against in-memory ports: every combination and seed trained, ranked on validation accuracy. */
class SweepTest {
    private final Fakes.Runs runs = new Fakes.Runs();
    private final Fakes.Experiments experiments = new Fakes.Experiments(runs);
    private final RunData data = Fakes.data(60, 20);
    private final Fakes.Engine engine = new Fakes.Engine("fake", 0);
    /** Only the batch size is swept here; the editor sets it as a config file would. */
    private final ConfigEditor batchSizes = (base, settings, source) ->
            base.withTraining(base.training().with(t -> t.batchSize(Integer.parseInt(settings.get("training.batchSize")))));

    @Test
    void everyCombinationTrainsPerSeedAndTheBestConfigIsWritten() {
        SweepUseCase sweep = new Sweep(experiments, batchSizes, TrainingRuns.inProcess(new Train(runs, Fakes.source(data), new Fakes.Models(),
                RunReporter.NONE, ProcessMemory.JAVA_HEAP)), Backends.of(List.of(engine)), RunReporter.NONE);
        SweepGrid grid = new SweepGrid(List.of(new SweepGrid.Axis("training.batchSize", List.of("10", "20"))));

        SweepResult result = sweep.sweep(new SweepUseCase.Request(Fakes.config(Path.of("sw")), engine, data, grid, 2,
                name -> RunListener.NONE, ExperimentListener.NONE, false, false));

        assertThat(runs.committed.keySet()).containsExactly(Path.of("sw/trial-01/seed-42"), Path.of("sw/trial-01/seed-43"),
                Path.of("sw/trial-02/seed-42"), Path.of("sw/trial-02/seed-43"));
        assertThat(runs.committed.get(Path.of("sw/trial-02/seed-43")).config.training().batchSize()).isEqualTo(20);
        assertThat(result.validationAdded()).as("the config held out none").isTrue();
        assertThat(result.validation()).isEqualTo(SweepUseCase.DEFAULT_VALIDATION);
        assertThat(result.trials()).hasSize(2).allSatisfy(t -> assertThat(t.validationAccuracy().mean()).isEqualTo(1.0));
        assertThat(experiments.bestConfig.output()).isEqualTo(Path.of("sw/best-run"));
        assertThat(experiments.bestConfig.training().validation().share()).isEqualTo(0.1);
        assertThat(experiments.sweep).isSameAs(result);
        assertThat(result.bestConfig()).isEqualTo(Path.of("sw/best"));
    }
}
