package dev.tailor.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.testing.TestSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsTest {
    @Test
    void initialWeightsAreSeededGlorotUniformWithZeroBiases() {
        Weights a = Weights.initial(ModelPresets.SEED_CNN, 42);

        assertThat(a).isEqualTo(Weights.initial(ModelPresets.SEED_CNN, 42));
        assertThat(a).isNotEqualTo(Weights.initial(ModelPresets.SEED_CNN, 43));
        float limit = (float) Math.sqrt(6.0 / (1600 + 64));
        float[] dense = a.get("7.weight").values();
        float max = 0;
        for (float v : dense) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(limit).isGreaterThan(limit * 0.99f);
        assertThat(a.get("7.bias").values()).containsOnly(0f);
        a.requireFits(ModelPresets.SEED_CNN);
    }

    @Test
    void pytorchsDefaultDrawsKernelsAndBiasesWithinOneOverRootFanIn() {
        Weights a = Weights.pytorchDefault(TestSpecs.EVERY_LAYER, 42);

        assertThat(a).isEqualTo(Weights.pytorchDefault(TestSpecs.EVERY_LAYER, 42));
        assertThat(a).isNotEqualTo(Weights.pytorchDefault(TestSpecs.EVERY_LAYER, 43));
        for (TensorSpec t : TestSpecs.EVERY_LAYER.tensors()) {
            if (t.role() == TensorSpec.Role.BATCH_COUNTER) {
                assertThat(a.get(t.name()).longValues()).as(t.name()).containsOnly(0L);
                continue;
            }
            float[] values = a.get(t.name()).values();
            switch (t.role()) {
                case WEIGHT -> assertSpansUniform(values, 1 / Math.sqrt(t.fanIn()), t.name());
                case BIAS -> assertSpansUniform(values, 1 / Math.sqrt(TestSpecs.EVERY_LAYER.tensors().stream()
                        .filter(k -> k.name().equals(t.module() + ".weight")).findFirst().orElseThrow().fanIn()), t.name());
                case SCALE, RUNNING_VARIANCE -> assertThat(values).as(t.name()).containsOnly(1f);
                case BATCH_COUNTER -> throw new AssertionError("counted above");
                case SHIFT, RUNNING_MEAN -> assertThat(values).as(t.name()).containsOnly(0f);
            }
        }
        a.requireFits(TestSpecs.EVERY_LAYER);
    }

    /** Every value within the limit, the extremes near it, and the mean near zero: a uniform draw, not a constant. */
    private static void assertSpansUniform(float[] values, double limit, String name) {
        double max = 0;
        double sum = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
            sum += v;
        }
        assertThat(max).as(name).isLessThanOrEqualTo(limit).isGreaterThan(limit * (values.length >= 100 ? 0.9 : 0.3));
        assertThat(Math.abs(sum / values.length)).as(name).isLessThan(limit * 3 / Math.sqrt(values.length));
    }

    @Test
    void weightsThatDoNotFitTheSpecAreRejectedByName() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initial(ModelPresets.SEED_CNN, 1).tensors());
        tensors.put("7.weight", new Tensor(List.of(64, 1599), new float[64 * 1599]));

        assertThatThrownBy(() -> new Weights(tensors).requireFits(ModelPresets.SEED_CNN))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("tensor '7.weight' has shape [64, 1599] but model seed-cnn needs [64, 1600]");
        tensors.remove("7.weight");
        assertThatThrownBy(() -> new Weights(tensors).requireFits(ModelPresets.SEED_CNN))
                .hasMessage("weights lack tensor '7.weight' that model seed-cnn needs");
    }
}
