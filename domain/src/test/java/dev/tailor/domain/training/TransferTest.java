package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferTest {
    private static final ModelSpec TEN = ModelPresets.SEED_CNN;
    /** The seed CNN with a head of five classes. */
    private static final ModelSpec FIVE = withHead(TEN, 5);
    private static final List<String> TEN_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FIVE_CLASSES = TEN_CLASSES.subList(0, 5);

    private static ModelSpec withHead(ModelSpec spec, int classes) {
        List<Layer> layers = new ArrayList<>(spec.layers());
        layers.set(layers.size() - 1, new SoftmaxOutput(classes));
        return new ModelSpec(spec.name() + "-" + classes, spec.input(), layers);
    }

    @Test
    void everyTensorOfTheSameNameAndShapeComesFromTheSourceAndADifferentHeadStartsFresh() {
        Weights source = Weights.initial(TEN, 1);
        Weights fresh = Weights.initial(FIVE, 2);

        Transfer.Start start = Transfer.start(FIVE, FIVE_CLASSES, fresh, TEN, TEN_CLASSES, source, "pretrained");

        assertThat(start.fresh()).containsExactly("10.weight", "10.bias");
        for (TensorSpec t : FIVE.tensors()) {
            assertThat(start.weights().get(t.name())).as(t.name())
                    .isEqualTo(start.fresh().contains(t.name()) ? fresh.get(t.name()) : source.get(t.name()));
        }
    }

    @Test
    void theHeadStartsFreshWhenTheClassesDifferEvenInTheSameNumber() {
        Weights source = Weights.initial(FIVE, 1);
        List<String> others = List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

        assertThat(Transfer.start(FIVE, others, Weights.initial(FIVE, 2), FIVE, FIVE_CLASSES, source, "m").fresh())
                .containsExactly("10.weight", "10.bias");
        assertThat(Transfer.start(FIVE, FIVE_CLASSES, Weights.initial(FIVE, 2), FIVE, FIVE_CLASSES, source, "m").fresh()).isEmpty();
    }

    @Test
    void allButTheHeadFreezesEveryTensorButTheSoftmaxLayers() {
        Transfer transfer = new Transfer(Path.of("m"), new Transfer.Freeze.AllButHead());

        assertThat(transfer.frozenTensors(FIVE)).containsExactlyInAnyOrder("0.weight", "0.bias", "3.weight", "3.bias", "7.weight",
                "7.bias");
        assertThat(new Transfer(Path.of("m"), new Transfer.Freeze.Nothing()).frozenTensors(FIVE)).isEmpty();
        assertThat(new Transfer(Path.of("m"), new Transfer.Freeze.Layers(List.of("conv2d_1"))).frozenTensors(FIVE))
                .containsExactlyInAnyOrder("3.weight", "3.bias");
    }

    @Test
    void anUnknownLayerNameOrAnotherInputIsRefusedInOneLine() {
        Transfer named = new Transfer(Path.of("m"), new Transfer.Freeze.Layers(List.of("conv2d", "conv3d")));
        assertThatThrownBy(() -> named.frozenTensors(FIVE)).isInstanceOf(InvalidInputException.class)
                .hasMessage("transfer.freeze: no layer named 'conv3d' in seed-cnn-5; its layers (as tailor summary prints them): "
                        + "conv2d, maxPool2d, conv2d_1, maxPool2d_1, flatten, dense, dropout, softmax");

        ModelSpec colour = new ModelSpec("colour", new ImageShape(3, 28, 28), TEN.layers());
        assertThatThrownBy(() -> Transfer.start(colour, TEN_CLASSES, Weights.initial(colour, 1), TEN, TEN_CLASSES,
                Weights.initial(TEN, 1), "runs/a/model"))
                .hasMessage("transfer.from runs/a/model: takes 1x28x28 images but colour takes 3x28x28; the input must be the same");
    }
}
