package dev.tailor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.port.in.BenchmarkUseCase;
import dev.tailor.application.port.in.EnsembleUseCase;
import dev.tailor.application.port.in.SoakUseCase;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Benchmark, soak and ensemble against in-memory ports and a fake engine. */
class OtherUseCasesTest {
    private final Fakes.Engine engine = new Fakes.Engine("fake", 0);
    /** Resident memory that grows by one mebibyte at every reading. */
    private final AtomicLong readings = new AtomicLong();
    private final ProcessMemory memory = () -> readings.incrementAndGet() << 20;

    @Test
    void aBenchmarkTimesTrainingAndPredictionOfEveryBackend() {
        BenchmarkUseCase.Result result = new Benchmark(memory).benchmark(new BenchmarkUseCase.Request(Fakes.config(Path.of("b")),
                List.of(engine, new Fakes.Engine("other", 1)), Optional.empty(), Fakes.data(60, 20), 2, 3, 5));

        assertThat(result.model()).isEqualTo("tiny");
        assertThat(result.batchSize()).isEqualTo(10);
        assertThat(result.backends()).extracting(BenchmarkUseCase.Figures::backend).containsExactly("fake", "other");
        assertThat(result.backends()).allSatisfy(f -> {
            assertThat(f.training().orElseThrow().imagesPerSecond()).isPositive();
            assertThat(f.inferenceImagesPerSecond()).isPositive();
            assertThat(f.latencyP99Millis()).isGreaterThanOrEqualTo(f.latencyP50Millis());
        });
        assertThat(result.backends().get(1).peakMemoryBytes()).as("the highest reading while it ran, the latest")
                .isGreaterThan(result.backends().get(0).peakMemoryBytes()).isLessThanOrEqualTo(readings.get() << 20);
        assertThat(engine.trainings).hasValue(1);
    }

    @Test
    void aBackendThatOnlyServesServesWhatTheFirstTrainerTrainedWhereverItIsListed() {
        BenchmarkUseCase.Result result = new Benchmark(memory).benchmark(new BenchmarkUseCase.Request(Fakes.config(Path.of("b")),
                List.of(Fakes.servingOnly("runtime", engine), engine), Optional.empty(), Fakes.data(60, 20), 2, 3, 5));

        assertThat(result.backends()).extracting(BenchmarkUseCase.Figures::backend).containsExactly("fake", "runtime");
        assertThat(result.backends().get(0).training()).isPresent();
        assertThat(result.backends().get(1).training()).isEmpty();
        assertThat(result.backends().get(1).inferenceImagesPerSecond()).isPositive();
        assertThat(engine.trainings).hasValue(1);
    }

    @Test
    void givenWeightsAreServedByEveryBackendAndNothingTrains() {
        Weights trained = Weights.initial(Fakes.config(Path.of("b")).model(), 3);

        BenchmarkUseCase.Result result = new Benchmark(memory).benchmark(new BenchmarkUseCase.Request(Fakes.config(Path.of("b")),
                List.of(engine, Fakes.servingOnly("runtime", engine)), Optional.of(trained), Fakes.data(5, 20), 2, 3, 5));

        assertThat(result.backends()).allSatisfy(f -> assertThat(f.training()).isEmpty());
        assertThat(engine.trainings).hasValue(0);
    }

    @Test
    void backendsThatOnlyServeNeedWeights() {
        assertThatThrownBy(() -> new BenchmarkUseCase.Request(Fakes.config(Path.of("b")), List.of(Fakes.servingOnly("runtime", engine)),
                Optional.empty(), Fakes.data(60, 20), 2, 3, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessage("backends that only serve (runtime) need trained weights, or a backend that trains them in the same benchmark");
    }

    @Test
    void aBenchmarkNeedsTheImagesItTrains() {
        assertThatThrownBy(() -> new Benchmark(memory).benchmark(new BenchmarkUseCase.Request(Fakes.config(Path.of("b")), List.of(engine),
                Optional.empty(), Fakes.data(20, 20), 2, 3, 5))).isInstanceOf(InvalidInputException.class)
                .hasMessage("the benchmark trains 50 images (2 + 3 batches of 10) but the data has 20");
    }

    @Test
    void aSoakSamplesMemoryAfterEveryRoundOfPredictionsAndReloads() {
        SoakUseCase.Result result = new ServingSoak(memory).soak(new SoakUseCase.Request(Fakes.saved("fake"), engine, Fakes.images(10), 200,
                4, 40, 5));

        assertThat(result.backend()).isEqualTo("fake");
        assertThat(result.predictions().samples()).hasSize(SoakUseCase.ROUNDS);
        assertThat(result.predictions().samples().get(SoakUseCase.ROUNDS - 1).operations()).isEqualTo(200);
        assertThat(result.reloads().samples()).hasSize(SoakUseCase.ROUNDS);
        assertThat(result.reloads().samples().get(SoakUseCase.ROUNDS - 1).operations()).isEqualTo(40);
        assertThat(Stream.concat(result.predictions().samples().stream(), result.reloads().samples().stream()))
                .extracting(SoakUseCase.Sample::residentBytes).as("one reading after every round, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * SoakUseCase.ROUNDS).mapToObj(n -> n << 20).toList());
    }

    @Test
    void anEnsembleIsWrittenWhole() {
        Fakes.Runs runs = new Fakes.Runs();

        EnsembleUseCase.Result made = new MakeEnsemble(runs).make(List.of(Path.of("a"), Path.of("b")), Path.of("e"), false, n -> { });

        assertThat(made.directory()).isEqualTo(Path.of("e"));
        assertThat(made.ensemble().members()).hasSize(2);
        assertThat(runs.committed.get(Path.of("e")).ensemble).isSameAs(made.ensemble());
    }
}
