package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * Layer normalisation (PyTorch's {@code nn.LayerNorm} over all of an example's features: C, H, W of an image, or the
 * units of a vector): each example is normalised by its own mean and biased variance, then scaled and shifted per
 * value by learned tensors of the input's shape. Training and inference compute the same thing, so unlike batch norm
 * it keeps no running estimates and does not depend on the batch.
 */
public record LayerNorm(double epsilon) implements Layer {
    public static final double DEFAULT_EPSILON = 1e-5;
    public static final LayerType TYPE = new LayerType("layerNorm", "LayerNormalization",
            in -> new LayerNorm(in.number("epsilon", DEFAULT_EPSILON)));

    public LayerNorm {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new InvalidSpecException("epsilon must be a small positive number, got " + epsilon);
        }
    }

    /** PyTorch's default: epsilon 1e-5. */
    public LayerNorm() {
        this(DEFAULT_EPSILON);
    }

    /** The normalised shape, which is also the scale's and the shift's: [C, H, W] or [F]. */
    public static List<Integer> normalizedShape(FeatureShape input) {
        return input instanceof ImageShape image ? List.of(image.channels(), image.height(), image.width())
                : List.of(input.size());
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
        return List.of(TorchModule.of("LayerNorm").with("normalized_shape", normalizedShape(input)).with("eps", epsilon));
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of(
                TensorSpec.of(module, TensorSpec.Role.SCALE, normalizedShape(input)),
                TensorSpec.of(module, TensorSpec.Role.SHIFT, normalizedShape(input)));
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.number("epsilon", epsilon);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.layerNorm(this);
    }
}
