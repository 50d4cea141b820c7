package dev.tailor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.port.in.EvaluateUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The evaluate use case against in-memory ports. */
class EvaluateTest {
    private final Fakes.Runs runs = new Fakes.Runs();
    private final Dataset test = Fakes.images(30);
    private final List<String> reported = new ArrayList<>();
    private final EvaluateUseCase evaluate = new Evaluate(runs, new RunReporter() {
        @Override
        public void evaluated(String title, String description, String modelSummary, Evaluation evaluation, Dataset data,
                              BiConsumer<String, byte[]> files) {
            reported.add(title);
        }
    });

    @Test
    void aModelIsScoredOnTheChosenBackendAndItsMetricsWritten() {
        EvaluateUseCase.Result result = evaluate.evaluate(new EvaluateUseCase.Request(Path.of("m"), Fakes.saved("a"),
                new Fakes.Engine("b", 1), test, Path.of("out"), false, notice -> { }));

        assertThat(result.evaluation().accuracy()).as("engine b is off by one class").isEqualTo(0.0);
        assertThat(result.directory()).isEqualTo(Path.of("out"));
        assertThat(result.members()).isEmpty();
        assertThat(runs.committed.get(Path.of("out")).metrics).isEqualTo(result.evaluation());
        assertThat(runs.committed.get(Path.of("out")).members).isNull();
        assertThat(reported).containsExactly("m evaluated on b");
    }

    @Test
    void anEnsembleIsScoredWholeAndMemberByMember() {
        SavedEnsemble ensemble = new SavedEnsemble(List.of(Fakes.saved("a"), Fakes.saved("b")),
                List.of(Path.of("e/members/1"), Path.of("e/members/2")));

        EvaluateUseCase.Result result = evaluate.evaluate(new EvaluateUseCase.Request(Path.of("e"), ensemble,
                new Fakes.Engine("a", 0), test, Path.of("out"), false, notice -> { }));

        assertThat(result.evaluation().accuracy()).isEqualTo(1.0);
        assertThat(result.members()).extracting(m -> m.member() + " " + m.trainedOn() + " " + m.accuracy())
                .containsExactly("members/1 a 1.0", "members/2 b 1.0");
        assertThat(runs.committed.get(Path.of("out")).members).isEqualTo(result.members());
    }

    @Test
    void aModelForOtherImagesIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> evaluate.evaluate(new EvaluateUseCase.Request(Path.of("m"), Fakes.saved("a"),
                new Fakes.Engine("a", 0), new Fakes.Renamed(test, List.of("x", "y")), Path.of("out"), false, n -> { })))
                .hasMessageStartingWith("m: the model takes 1x2x2 images of [c0");
        assertThat(runs.committed).isEmpty();
        assertThat(runs.discarded).isEmpty();
    }
}
