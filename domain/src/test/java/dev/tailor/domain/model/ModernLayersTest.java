package dev.tailor.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch norm, activation layers, average pooling, integer padding, bias flags and residual blocks, in the domain. */
class ModernLayersTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);
    private static final ImageShape EIGHT = new ImageShape(8, 28, 28);

    private static List<String> names(ModelSpec spec) {
        return spec.tensors().stream().map(TensorSpec::name).toList();
    }

    @Test
    void batchNormHoldsPyTorchsTensorsPerChannelOfAnImageAndPerUnitOfAVector() {
        ModelSpec spec = new ModelSpec("bn", MNIST, List.of(
                new Conv2d(4, 3, 1, Padding.VALID, Activation.LINEAR, false),
                new BatchNorm(),
                new ActivationLayer(Activation.RELU),
                new Flatten(),
                new BatchNorm(0.01, 1e-3),
                new SoftmaxOutput(10)));

        assertThat(names(spec)).containsExactly("0.weight",
                "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
                "4.weight", "4.bias", "4.running_mean", "4.running_var", "4.num_batches_tracked",
                "5.weight", "5.bias");
        int flat = 4 * 26 * 26;
        assertThat(spec.tensors().get(1).shape()).containsExactly(4);
        assertThat(spec.tensors().get(6).shape()).containsExactly(flat);
        assertThat(spec.tensors().get(5).shape()).isEmpty();
        assertThat(spec.parameterCount()).isEqualTo(36 + 2 * 4 + 2 * flat + flat * 10 + 10);
        assertThat(spec.nonTrainableCount()).isEqualTo(2 * 4 + 1 + 2 * flat + 1);
        Weights start = Weights.initial(spec, 1);
        assertThat(start.get("1.weight").values()).containsOnly(1f);
        assertThat(start.get("4.running_var").values()).containsOnly(1f);
        assertThat(start.get("4.running_mean").values()).containsOnly(0f);
        assertThat(start.get("1.num_batches_tracked").longValues()).containsExactly(0L);
    }

    @Test
    void withoutABiasAConvolutionOrDenseLayerHoldsOnlyItsWeight() {
        ModelSpec spec = new ModelSpec("no-bias", MNIST, List.of(
                new Conv2d(4, 3, 1, Padding.VALID, Activation.RELU, false), new Flatten(),
                new Dense(8, Activation.LINEAR, false), new SoftmaxOutput(10)));

        assertThat(names(spec)).containsExactly("0.weight", "3.weight", "4.weight", "4.bias");
    }

    @Test
    void paddingMayBeANumberOfZerosOnEachSide() {
        Conv2d strided = new Conv2d(8, 3, 2, Padding.zeros(1), Activation.RELU);

        assertThat(strided.outputShape(MNIST)).isEqualTo(new ImageShape(8, 14, 14));
        assertThat(new Conv2d(8, 5, 1, Padding.zeros(4), Activation.RELU).outputShape(MNIST))
                .isEqualTo(new ImageShape(8, 32, 32));
        assertThatThrownBy(() -> new Conv2d(8, 3, 1, Padding.zeros(3), Activation.RELU))
                .hasMessage("padding 3 must be smaller than the kernel (3): border outputs would see nothing but the added zeros");
        assertThatThrownBy(() -> new Conv2d(8, 3, 2, Padding.SAME, Activation.RELU))
                .hasMessageContaining("padding 'same' needs stride 1").hasMessageContaining("as a number of zeros instead");
        assertThatThrownBy(() -> Padding.zeros(-1)).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void averagePoolsShrinkTheGridAndTheGlobalOneLeavesAValuePerChannel() {
        assertThat(new AvgPool2d(2).outputShape(EIGHT)).isEqualTo(new ImageShape(8, 14, 14));
        assertThat(new AvgPool2d(3, 1).outputShape(EIGHT)).isEqualTo(new ImageShape(8, 26, 26));
        assertThat(new GlobalAvgPool().outputShape(EIGHT)).isEqualTo(new FlatShape(8));
        assertThatThrownBy(() -> new GlobalAvgPool().outputShape(new FlatShape(8)))
                .hasMessageStartingWith("globalAvgPool needs a channels x height x width input");
    }

    @Test
    void anActivationLayerNeedsANonLinearActivation() {
        assertThat(new ActivationLayer(Activation.LEAKY_RELU).outputShape(EIGHT)).isEqualTo(EIGHT);
        assertThat(Activation.fromId("leakyRelu")).isEqualTo(Activation.LEAKY_RELU);
        assertThatThrownBy(() -> new ActivationLayer(Activation.LINEAR)).hasMessageContaining("linear would do nothing");
    }

    @Test
    void batchNormSettingsAreChecked() {
        assertThatThrownBy(() -> new BatchNorm(0, 1e-5)).hasMessageContaining("momentum").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new BatchNorm(1.5, 1e-5)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> new BatchNorm(0.1, 0)).hasMessage("epsilon must be a small positive number, got 0.0");
    }

    @Test
    void aResidualThatKeepsTheShapeAddsItsInputAsItIs() {
        Residual block = new Residual(List.of(
                new Conv2d(8, 3, 1, Padding.zeros(1), Activation.RELU, false),
                new BatchNorm()));
        ModelSpec spec = new ModelSpec("identity", EIGHT, List.of(block, new Flatten(), new SoftmaxOutput(10)));

        assertThat(spec.nodes().get(0).output()).isEqualTo(EIGHT);
        assertThat(names(spec)).containsExactly("0.body.0.weight",
                "0.body.2.weight", "0.body.2.bias", "0.body.2.running_mean", "0.body.2.running_var", "0.body.2.num_batches_tracked",
                "2.weight", "2.bias");
        assertThat(block.shortcut("0", EIGHT)).isEmpty();
    }

    @Test
    void aResidualThatChangesTheShapeGetsAStrided1x1ConvolutionAndABatchNormAsItsShortcut() {
        Residual block = new Residual(List.of(
                new Conv2d(16, 3, 2, Padding.zeros(1), Activation.LINEAR, false),
                new BatchNorm(),
                new ActivationLayer(Activation.RELU),
                new Conv2d(16, 3, 1, Padding.SAME, Activation.LINEAR, false)), Activation.LINEAR);
        ModelSpec spec = new ModelSpec("projection", EIGHT, List.of(new Dropout(0.1), block, new Flatten(),
                new SoftmaxOutput(10)));

        assertThat(block.stride()).isEqualTo(2);
        assertThat(spec.nodes().get(1).output()).isEqualTo(new ImageShape(16, 14, 14));
        List<TensorSpec> shortcut = spec.tensors().stream().filter(t -> t.name().startsWith("1.shortcut.")).toList();
        assertThat(shortcut).extracting(TensorSpec::name).containsExactly("1.shortcut.0.weight",
                "1.shortcut.1.weight", "1.shortcut.1.bias", "1.shortcut.1.running_mean", "1.shortcut.1.running_var",
                "1.shortcut.1.num_batches_tracked");
        assertThat(shortcut.get(0).shape()).containsExactly(16, 8, 1, 1);
        assertThat(block.shortcut("1", EIGHT)).extracting(LayerNode::layer).containsExactly(
                new Conv2d(16, 1, 2, Padding.VALID, Activation.LINEAR, false), new BatchNorm());
        assertThat(names(spec)).contains("1.body.0.weight", "1.body.1.running_var", "1.body.3.weight");
    }

    @Test
    void aResidualWhoseBodyNoShortcutCanMatchIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> new ModelSpec("valid-body", EIGHT, List.of(
                new Residual(List.of(new Conv2d(8, 3, Activation.RELU))), new Flatten(), new SoftmaxOutput(10))))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("layers[0] (residual): the body turns 8x28x28 into 8x26x26 but a 1x1 shortcut with the body's stride 1 "
                        + "gives 8x28x28; pad the body's convolutions to keep the size (e.g. padding 1 for 3x3 kernels)");
        assertThatThrownBy(() -> new ModelSpec("flat-body", EIGHT, List.of(
                new Residual(List.of(new GlobalAvgPool())), new SoftmaxOutput(10))))
                .hasMessage("layers[0] (residual): the body turns 8x28x28 into 8, which no shortcut can match: "
                        + "a 1x1 convolution shortcut maps images to images");
        assertThatThrownBy(() -> new Residual(List.of())).hasMessage("a residual needs at least one layer in its body");
        assertThatThrownBy(() -> new Residual(List.of(new Flatten(), new SoftmaxOutput(10))))
                .hasMessage("layers[1] (softmax): the softmax output must be the model's last layer, not inside a residual");
    }

    @Test
    void aProblemInsideAResidualNamesTheLayerInsideIt() {
        assertThatThrownBy(() -> new ModelSpec("nested", MNIST, List.of(
                new MaxPool2d(4),
                new Residual(List.of(new BatchNorm(), new Conv2d(1, 9, 1, Padding.VALID, Activation.RELU))),
                new Flatten(), new SoftmaxOutput(10))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.layerPath()).containsExactly(1, 1);
                    assertThat(e.layerType()).isEqualTo("conv2d");
                    assertThat(e.problem()).isEqualTo("conv2d kernel 9x9 is larger than its input 7x7");
                })
                .hasMessage("layers[1].layers[1] (conv2d): conv2d kernel 9x9 is larger than its input 7x7");
    }

    @Test
    void theSummaryNestsResidualLayersAndCountsWhatTrainingDoesNotUpdate() {
        ModelSpec spec = new ModelSpec("nested", EIGHT, List.of(
                new Residual(List.of(new Conv2d(16, 3, 2, Padding.zeros(1), Activation.LINEAR, false),
                        new BatchNorm())),
                new GlobalAvgPool(), new SoftmaxOutput(10)));

        String summary = spec.summary();

        // body: conv 16*8*9 = 1,152 and batch norm 2*16 + (2*16+1) = 65; shortcut: conv 16*8 = 128 and batch norm 65;
        // head: 16*10+10 = 170. Trainable: 1,152 + 32 + 128 + 32 + 170 = 1,514; non-trainable: 2 * 33 = 66.
        assertThat(summary)
                .contains("residual (Residual)")
                .contains("  conv2d (Conv2D)")
                .contains("  shortcut: conv2d_1 (Conv2D)")
                .contains("  shortcut: batchNorm_1 (BatchNormalization)")
                .contains("globalAvgPool (GlobalAveragePooling2D)")
                .contains("Total params: 1,580")
                .contains("Trainable params: 1,514")
                .contains("Non-trainable params: 66");
        assertThat(spec.layerSummaries()).extracting(LayerSummary::depth).containsExactly(0, 1, 1, 1, 1, 0, 0);
        assertThat(spec.layerSummaries().get(0).parameters()).isEqualTo(1_152 + 65 + 128 + 65);
    }
}
