package dev.tailor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.Comparison;
import dev.tailor.application.RunData;
import dev.tailor.application.port.in.CompareUseCase;
import dev.tailor.application.port.in.ExperimentListener;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The compare use case against in-memory ports and two fake engines that disagree on every image. */
class CompareTest {
    private final Fakes.Runs runs = new Fakes.Runs();
    private final Fakes.Experiments experiments = new Fakes.Experiments(runs);
    private final RunData data = Fakes.data(40, 20);
    private final Fakes.Engine right = new Fakes.Engine("right", 0);
    private final Fakes.Engine wrong = new Fakes.Engine("wrong", 1);
    private final Backends backends = Backends.of(List.of(right, wrong));
    private final CompareUseCase compare = new Compare(experiments, TrainingRuns.inProcess(new Train(runs, Fakes.source(data), new Fakes.Models(),
            RunReporter.NONE, ProcessMemory.JAVA_HEAP)), backends, RunReporter.NONE);

    private CompareUseCase.Request request(int seeds, boolean resume) {
        return new CompareUseCase.Request(Fakes.config(Path.of("cmp")), List.of(right, wrong), data, seeds, false, Optional.empty(),
                name -> RunListener.NONE, ExperimentListener.NONE, resume, false);
    }

    @Test
    void everyBackendTrainsOncePerSeedAndTheSummaryIsWritten() {
        Comparison comparison = compare.compare(request(2, false));

        assertThat(runs.committed.keySet()).containsExactly(Path.of("cmp/seed-42/right"), Path.of("cmp/seed-42/wrong"),
                Path.of("cmp/seed-43/right"), Path.of("cmp/seed-43/wrong"));
        assertThat(comparison.seeds()).containsExactly(42L, 43L);
        assertThat(comparison.backends()).extracting(b -> b.backend() + " " + b.accuracy().mean())
                .containsExactly("right 1.0", "wrong 0.0");
        assertThat(comparison.pairs().get(0).perSeed()).allSatisfy(p -> assertThat(p.agreement()).isZero());
        assertThat(experiments.comparison).isSameAs(comparison);
        assertThat(right.trainings).hasValue(2);
    }

    @Test
    void aResumedComparisonReadsBackTheRunsAlreadyDoneInsteadOfTrainingThemAgain() {
        Comparison first = compare.compare(request(1, false));

        Comparison again = compare.compare(request(1, true));

        assertThat(right.trainings).as("trained once, read back once").hasValue(1);
        assertThat(wrong.trainings).hasValue(1);
        assertThat(again.backends()).extracting(b -> b.accuracy().mean()).containsExactly(1.0, 0.0);
        assertThat(again.backends().get(0).initialWeights()).isEqualTo(first.backends().get(0).initialWeights());
    }

    @Test
    void oneBackendOverSeveralSeedsIsASeedsStudy() {
        Comparison study = compare.compare(new CompareUseCase.Request(Fakes.config(Path.of("cmp")), List.of(wrong), data, 3));

        assertThat(runs.committed.keySet()).containsExactly(Path.of("cmp/seed-42/wrong"), Path.of("cmp/seed-43/wrong"),
                Path.of("cmp/seed-44/wrong"));
        assertThat(study.backends()).singleElement().satisfies(b -> assertThat(b.accuracy().values()).containsExactly(0.0, 0.0, 0.0));
        assertThat(study.pairs()).isEmpty();
        assertThat(study.markdown()).contains("# ").contains(" on wrong\n").contains("## Test accuracy per seed")
                .contains("| 44 | 0.0000 |").doesNotContain("Paired tests").doesNotContain("Agreement").doesNotContain("every backend");
    }

    @Test
    void oneBackendWithOneSeedOrTheSameBackendTwiceIsNoComparison() {
        assertThatThrownBy(() -> new CompareUseCase.Request(Fakes.config(Path.of("c")), List.of(right), data, 1))
                .hasMessage("a comparison needs two different backends, or one backend over --seeds 2 or more; got right with 1 seed");
        assertThatThrownBy(() -> new CompareUseCase.Request(Fakes.config(Path.of("c")), List.of(right, right), data, 3))
                .hasMessage("a comparison needs different backends, got right,right");
    }
}
