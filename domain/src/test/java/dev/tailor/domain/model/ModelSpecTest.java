package dev.tailor.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @Test
    void seedCnnHasTheNotebooksParameterCountAndShapes() {
        ModelSpec spec = ModelPresets.SEED_CNN;

        assertThat(spec.parameterCount()).isEqualTo(121_930);
        assertThat(spec.layerSummaries()).extracting(LayerSummary::outputShape).containsExactly(
                new ImageShape(32, 26, 26), new ImageShape(32, 13, 13), new ImageShape(64, 11, 11),
                new ImageShape(64, 5, 5), new FlatShape(1600), new FlatShape(64), new FlatShape(64), new FlatShape(10));
        assertThat(spec.layerSummaries()).extracting(LayerSummary::parameters)
                .containsExactly(320L, 0L, 18_496L, 0L, 0L, 102_464L, 0L, 650L);
        assertThat(spec.classes()).isEqualTo(10);
    }

    @Test
    void summaryReadsLikeKeras() {
        String summary = ModelPresets.SEED_CNN.summary();

        assertThat(summary)
                .contains("Model: \"seed-cnn\"")
                .contains("conv2d_1 (Conv2D)")
                .contains("(None, 64, 5, 5)")
                .contains("102,464")
                .contains("Total params: 121,930")
                .contains("Trainable params: 121,930")
                .contains("Non-trainable params: 0");
    }

    @Test
    void parametersAreNamedAndShapedAsPyTorchSequentialWouldHoldThem() {
        List<TensorSpec> params = ModelPresets.SEED_CNN.tensors();

        assertThat(params).extracting(TensorSpec::name).containsExactly(
                "0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "10.weight", "10.bias");
        assertThat(params).extracting(TensorSpec::shape).containsExactly(
                List.of(32, 1, 3, 3), List.of(32), List.of(64, 32, 3, 3), List.of(64),
                List.of(64, 1600), List.of(64), List.of(10, 64), List.of(10));
        assertThat(params).allMatch(TensorSpec::trainable);
        assertThat(params.stream().mapToLong(TensorSpec::size).sum()).isEqualTo(121_930);
        assertThat(params.get(2).fanIn()).isEqualTo(32 * 9);
        assertThat(params.get(2).fanOut()).isEqualTo(64 * 9);
        assertThat(params.get(4).fanIn()).isEqualTo(1600);
    }

    @Test
    void samePaddingKeepsTheSpatialSize() {
        ModelSpec spec = new ModelSpec("same", MNIST, List.of(
                new Conv2d(8, 5, 1, Padding.SAME, Activation.TANH), new Flatten(), new SoftmaxOutput(10)));

        assertThat(spec.layerSummaries().get(0).outputShape()).isEqualTo(new ImageShape(8, 28, 28));
        assertThat(spec.parameterCount()).isEqualTo(8 * 25 + 8 + 8 * 28 * 28 * 10 + 10);
    }

    @Test
    void linearActivationsTakeNoModuleOfTheirOwn() {
        ModelSpec spec = new ModelSpec("linear", MNIST, List.of(
                new Conv2d(4, 3, Activation.LINEAR), new Flatten(), new Dense(16, Activation.LINEAR),
                new SoftmaxOutput(10)));

        assertThat(spec.tensors()).extracting(TensorSpec::name)
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias");
    }

    @Test
    void rejectsAKernelLargerThanItsInput() {
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of(
                new MaxPool2d(2), new MaxPool2d(2), new MaxPool2d(2),
                new Conv2d(8, 5, Activation.RELU), new Flatten(), new SoftmaxOutput(10))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("layers[3] (conv2d): conv2d kernel 5x5 is larger than its input 3x3");
    }

    @Test
    void rejectsLayersInAnImpossibleOrder() {
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of(new Dense(8, Activation.RELU), new SoftmaxOutput(10))))
                .hasMessageStartingWith("layers[0] (dense): dense needs a flat input, got 1x28x28");
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of(new Flatten(), new Conv2d(8, 3, Activation.RELU),
                new SoftmaxOutput(10))))
                .hasMessageStartingWith("layers[1] (conv2d): conv2d needs a channels x height x width input");
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of(new Flatten(), new SoftmaxOutput(10),
                new Dropout(0.1))))
                .hasMessage("layers[1] (softmax): the softmax output must be the last layer");
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of(new Flatten())))
                .hasMessage("layers[0] (flatten): the last layer must be the softmax output");
        assertThatThrownBy(() -> new ModelSpec("bad", MNIST, List.of()))
                .hasMessageContaining("at least one layer");
    }

    @Test
    void rejectsOutOfRangeLayerSettings() {
        assertThatThrownBy(() -> new Dropout(1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new Conv2d(0, 3, Activation.RELU)).hasMessage("filters must be at least 1, got 0");
        assertThatThrownBy(() -> new Conv2d(4, 2, 1, Padding.SAME, Activation.RELU)).hasMessageContaining("odd kernel");
        assertThatThrownBy(() -> new SoftmaxOutput(1)).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> Activation.fromId("gelu"))
                .hasMessage("unknown activation 'gelu'; expected one of: relu, leakyRelu, tanh, sigmoid, linear");
        assertThatThrownBy(() -> ModelPresets.named("resnet")).hasMessage("unknown model preset 'resnet'; known presets: seed-cnn");
    }

    @Test
    void multiplyAddsCountEveryWeightAtEveryPositionItIsAppliedAt() {
        // conv 32x1x3x3 at 26x26, conv 64x32x3x3 at 11x11, dense 1600x64, softmax 64x10: 5.06 MFLOP forward, ~15 per step.
        assertThat(ModelPresets.SEED_CNN.multiplyAddsPerImage()).isEqualTo(32 * 9 * 26 * 26 + 64 * 32 * 9 * 11 * 11 + 1600 * 64 + 640);
    }
}
