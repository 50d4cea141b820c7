package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** An activation as a layer of its own, e.g. after a batch norm. */
public record ActivationLayer(Activation activation) implements Layer {
    public static final LayerType TYPE = new LayerType("activation", "Activation", in -> new ActivationLayer(in.activation("activation")));

    public ActivationLayer {
        if (activation == Activation.LINEAR) {
            throw new InvalidSpecException("an activation layer needs a non-linear activation (one of: relu, leakyRelu, tanh, "
                    + "sigmoid); linear would do nothing");
        }
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    public int stride() {
        return 1;
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.activation(activation).orElseThrow());
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.activation("activation", activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.activation(this);
    }
}
