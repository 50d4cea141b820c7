package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** The mean of each channel over height and width: [C, H, W] to [C]. */
public record GlobalAvgPool() implements Layer {
    public static final LayerType TYPE = new LayerType("globalAvgPool", "GlobalAveragePooling2D", in -> new GlobalAvgPool());

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return new FlatShape(Shapes.requireImage(input, this).channels());
    }

    @Override
    public int stride() {
        return 1;
    }

    /** Tailor's own module (the PyTorch loader defines it): {@code x.mean((2, 3))}. */
    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("GlobalAvgPool"));
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
        return visitor.globalAvgPool(this);
    }
}
