package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** Drops each value with probability {@code rate} while training (inverted dropout); the identity at inference. */
public record Dropout(double rate) implements Layer {
    public static final LayerType TYPE = new LayerType("dropout", "Dropout", in -> new Dropout(in.number("rate")));

    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidSpecException("dropout rate is the probability of dropping and must be in [0, 1), got " + rate);
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
        return List.of(TorchModule.of("Dropout").with("p", rate));
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
        return visitor.dropout(this);
    }
}
