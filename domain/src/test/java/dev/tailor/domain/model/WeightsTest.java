package dev.tailor.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
