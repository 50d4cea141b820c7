package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** The mean over square windows, without padding; the stride defaults to the window size, as in Keras. */
public record AvgPool2d(int size, int stride) implements Layer {
    public static final LayerType TYPE = new LayerType("avgPool2d", "AveragePooling2D", in -> {
        int size = in.integer("size");
        return new AvgPool2d(size, in.integer("stride", size));
    });

    public AvgPool2d {
        Shapes.requirePositive("size", size);
        Shapes.requirePositive("stride", stride);
    }

    public AvgPool2d(int size) {
        this(size, size);
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return Shapes.pooled(Shapes.requireImage(input, this), size, stride, type());
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("AvgPool2d").with("kernel_size", size).with("stride", stride));
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
        out.integer("size", size).integer("stride", stride);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.avgPool2d(this);
    }
}
