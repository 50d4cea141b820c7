package dev.tailor.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.domain.inference.Prediction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    private static Prediction predicting(int c) {
        float[] p = {0.1f, 0.1f, 0.1f};
        p[c] = 0.8f;
        return new Prediction(NAMES, p);
    }

    @Test
    void computesTheConfusionMatrixAndScoresByHand() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] predicted = {0, 0, 0, 1, 1, 1, 0, 2, 2, 1};
        Evaluation e = Evaluation.of(NAMES, truth, Arrays.stream(predicted).mapToObj(EvaluationTest::predicting).toList());

        assertThat(e.confusionMatrix().counts()).isEqualTo(new long[][] {{3, 1, 0}, {1, 2, 0}, {0, 1, 2}});
        assertThat(e.accuracy()).isEqualTo(0.7);
        // class a: precision 3/4, recall 3/4; b: 2/4, 2/3; c: 2/2, 2/3
        ClassMetrics b = e.perClass().get(1);
        assertThat(b.precision()).isEqualTo(0.5);
        assertThat(b.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(b.f1()).isCloseTo(2 * 0.5 * (2 / 3.0) / (0.5 + 2 / 3.0), within(1e-12));
        assertThat(b.support()).isEqualTo(3);
        assertThat(e.macroPrecision()).isCloseTo((0.75 + 0.5 + 1.0) / 3, within(1e-12));
        assertThat(e.macroRecall()).isCloseTo((0.75 + 2 / 3.0 + 2 / 3.0) / 3, within(1e-12));
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheTrueClass() {
        // predicting() gives the chosen class 0.8 and the others 0.1.
        Evaluation e = Evaluation.of(NAMES, new int[] {0, 1}, List.of(predicting(0), predicting(0)));

        assertThat(e.loss()).isCloseTo((-Math.log(0.8f) - Math.log(0.1f)) / 2, within(1e-6));
    }

    @Test
    void aClassNeverPredictedScoresZeroNotNaN() {
        Evaluation e = Evaluation.of(NAMES, new int[] {0, 1, 2}, List.of(predicting(0), predicting(0), predicting(0)));

        assertThat(e.perClass().get(1).precision()).isZero();
        assertThat(e.perClass().get(1).f1()).isZero();
        // class a: precision 1/3, recall 1, so F1 0.5; b and c score 0
        assertThat(e.macroF1()).isCloseTo(0.5 / 3, within(1e-12));
    }

    @Test
    void predictionRanksClasses() {
        Prediction p = new Prediction(NAMES, new float[] {0.2f, 0.5f, 0.3f});

        assertThat(p.className()).isEqualTo("b");
        assertThat(p.top(2)).extracting(Prediction.Score::className).containsExactly("b", "c");
        assertThat(p.maxDifference(new Prediction(NAMES, new float[] {0.25f, 0.5f, 0.25f}))).isCloseTo(0.05, within(1e-6));
    }
}
