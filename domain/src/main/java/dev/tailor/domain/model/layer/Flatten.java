package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** Channels x height x width to one vector, in (c, h, w) order as PyTorch's {@code flatten(x, 1)}. */
public record Flatten() implements Layer {
    public static final LayerType TYPE = new LayerType("flatten", "Flatten", in -> new Flatten());

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return new FlatShape(Shapes.requireImage(input, this).size());
    }

    @Override
    public int stride() {
        return 1;
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("Flatten"));
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
        // No fields: the type says it all.
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.flatten(this);
    }
}
