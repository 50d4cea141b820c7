package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LabelSmoothingTest {
    @Test
    void targetsSpreadEpsilonOverEveryClass() {
        float[] targets = new LabelSmoothing(0.1).targets(new int[] {2, 0}, 4);

        assertThat(targets).containsExactly(0.025f, 0.025f, 0.925f, 0.025f, 0.925f, 0.025f, 0.025f, 0.025f);
        assertThat(LabelSmoothing.NONE.targets(new int[] {1}, 3)).containsExactly(0f, 1f, 0f);
        assertThatThrownBy(() -> new LabelSmoothing(1)).hasMessage("labelSmoothing must be in [0, 1), got 1.0");
    }

    @Test
    void crossEntropyIsMinusTheTargetWeightedLogSoftmax() {
        float[] logits = {2, 0, -1};
        double z = Math.log(Math.exp(2) + 1 + Math.exp(-1));
        float[] targets = new LabelSmoothing(0.3).targets(new int[] {0}, 3);

        double expected = -(0.8 * (2 - z) + 0.1 * (0 - z) + 0.1 * (-1 - z));
        assertThat(LabelSmoothing.crossEntropy(logits, targets, 0)).isCloseTo(expected, within(1e-6));
        assertThat(LabelSmoothing.crossEntropy(logits, new float[] {0, 0, 0, 1, 0, 0}, 3)).isCloseTo(z - 2, within(1e-6));
    }
}
