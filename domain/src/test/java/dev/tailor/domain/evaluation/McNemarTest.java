package dev.tailor.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.domain.inference.Prediction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class McNemarTest {
    @Test
    void matchesTheBinomialTailComputedByHand() {
        // n = 10, k = 2: 2 * (1 + 10 + 45) / 1024
        assertThat(McNemar.exactPValue(2, 8)).isCloseTo(2 * 56 / 1024.0, within(1e-12));
        assertThat(McNemar.exactPValue(8, 2)).isEqualTo(McNemar.exactPValue(2, 8));
        // n = 6, k = 0: 2 / 64
        assertThat(McNemar.exactPValue(0, 6)).isCloseTo(2 / 64.0, within(1e-12));
    }

    @Test
    void anEvenSplitOrNoDisagreementIsNoEvidence() {
        assertThat(McNemar.exactPValue(5, 5)).isEqualTo(1.0);
        assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
    }

    @Test
    void largeCountsStayFinite() {
        // 2^-3000 underflows a double; the log-space sum must not.
        assertThat(McNemar.exactPValue(1400, 1600)).isBetween(1e-6, 0.01);
        assertThat(McNemar.exactPValue(1500, 1500)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void pairedComparisonCountsWhoIsRightAlone() {
        List<String> names = List.of("a", "b");
        int[] truth = {0, 0, 1, 1, 0};
        Evaluation first = Evaluation.of(names, truth, predictions(names, 0, 0, 1, 0, 1));
        Evaluation second = Evaluation.of(names, truth, predictions(names, 0, 1, 1, 1, 1));

        PairedComparison p = PairedComparison.of("x", first, "y", second);

        assertThat(p).extracting(PairedComparison::bothRight, PairedComparison::onlyFirstRight,
                PairedComparison::onlySecondRight, PairedComparison::bothWrong).containsExactly(2L, 1L, 1L, 1L);
        assertThat(p.agreement()).isEqualTo(0.6);
        assertThat(p.mcNemarP()).isEqualTo(1.0);
    }

    private static List<Prediction> predictions(List<String> names, int... classes) {
        return Arrays.stream(classes).mapToObj(c -> new Prediction(names, c == 0 ? new float[] {1, 0} : new float[] {0, 1})).toList();
    }
}
