package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * Channel dropout (PyTorch's {@code nn.Dropout2d}, Keras' {@code SpatialDropout2D}): while training, each channel of
 * each image is dropped whole with probability {@code rate} and the kept ones scaled by 1 / (1 - rate); the identity at
 * inference. Neighbouring pixels of a feature map are strongly correlated, so dropping single values regularises a
 * convolution little; dropping whole maps does.
 */
public record Dropout2d(double rate) implements Layer {
    public static final LayerType TYPE = new LayerType("dropout2d", "SpatialDropout2D", in -> new Dropout2d(in.number("rate")));

    public Dropout2d {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidSpecException("dropout2d rate is the probability of dropping a channel and must be in [0, 1), got "
                    + rate);
        }
    }

    /** The shape of one image's mask, broadcast over the input: one draw per channel, [C, 1, 1]. */
    public List<Integer> maskShape(FeatureShape input) {
        return List.of(Shapes.requireImage(input, this).channels(), 1, 1);
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return Shapes.requireImage(input, this);
    }

    @Override
    public int stride() {
        return 1;
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("Dropout2d").with("p", rate));
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
        out.number("rate", rate);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout2d(this);
    }
}
