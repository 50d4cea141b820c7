package dev.tailor.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The debug switch {@code tailor.djl.checkSteps}: it trains to exactly the weights of the normal step, and names the
 * step, layer and tensor of the first non-finite number.
 */
class CheckedStepTest {
    private static final ModelSpec SPEC = new ModelSpec("bn-8-12", new ImageShape(1, 28, 28), List.of(
            new Conv2d(8, 3, 1, Padding.VALID, Activation.LINEAR, false), new BatchNorm(),
            new ActivationLayer(Activation.RELU), new MaxPool2d(2),
            new Residual(List.of(new Conv2d(12, 3, 1, Padding.SAME, Activation.RELU, false), new BatchNorm())),
            new MaxPool2d(2), new Flatten(), new SoftmaxOutput(10)));
    private static final TrainingConfig CONFIG = new TrainingConfig(1, 32, Optimizer.Adam.withLearningRate(1e-3), 3, 2);
    private final Dataset train = TestData.train().take(320);

    @AfterEach
    void switchOff() {
        System.clearProperty("tailor.djl.checkSteps");
    }

    @Test
    void theCheckedStepTrainsToTheNormalStepsWeightsBitForBit() {
        Weights normal = train(Weights.initial(SPEC, 3));
        System.setProperty("tailor.djl.checkSteps", "true");

        Weights checked = train(Weights.initial(SPEC, 3));

        assertThat(checked.fingerprint()).isEqualTo(normal.fingerprint());
    }

    @Test
    void aNaNWeightIsNamedAtTheLayerWhoseOutputItSpoils() {
        System.setProperty("tailor.djl.checkSteps", "true");

        assertThatThrownBy(() -> train(withNaN("0.weight", 5)))
                .isInstanceOf(TailorException.class)
                .hasMessage("numerical check (tailor.djl.checkSteps): step 1, layer 0 (conv2d): its output holds 21,632 "
                        + "non-finite values of 173,056");
    }

    @Test
    void aNaNRunningEstimateIsNamedAfterTheUpdate() {
        System.setProperty("tailor.djl.checkSteps", "true");

        assertThatThrownBy(() -> train(withNaN("4.body.2.running_var", 7)))
                .isInstanceOf(TailorException.class)
                .hasMessageStartingWith("numerical check (tailor.djl.checkSteps): step 1, layer 4 (residual): its ")
                .hasMessageEndingWith("runningVar after the update holds 1 non-finite values of 12");
    }

    private Weights train(Weights initial) {
        return new DjlBackend().trainer().train(new TrainingRequest(SPEC, train, Optional.empty(), CONFIG, Optional.of(initial)),
                TrainingListener.NONE).classifier().weights();
    }

    private static Weights withNaN(String tensor, int element) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initial(SPEC, 3).tensors());
        float[] values = tensors.get(tensor).values();
        values[element] = Float.NaN;
        tensors.put(tensor, new Tensor(tensors.get(tensor).shape(), values));
        return new Weights(tensors);
    }
}
