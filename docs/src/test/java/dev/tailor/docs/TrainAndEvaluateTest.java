package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.testing.TestData;
import org.junit.jupiter.api.Test;

/** The embedding example, run as documented, on the committed slice of the real data. */
class TrainAndEvaluateTest {
    @Test
    void theExampleTrainsAndScoresWellAboveChance() {
        Evaluation evaluation = TrainAndEvaluate.run(TestData.subsetDirectory(), "dl4j", 2000, 1);

        assertThat(evaluation.accuracy()).isGreaterThan(0.6);
        assertThat(evaluation.confusionMatrix().total()).isEqualTo(1000);
    }
}
