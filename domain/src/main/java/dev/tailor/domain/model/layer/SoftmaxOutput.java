package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** The classifier head: a dense layer with one unit per class, then softmax. Always the last layer. */
public record SoftmaxOutput(int classes) implements Layer {
    public static final LayerType TYPE = new LayerType("softmax", "Dense", in -> new SoftmaxOutput(in.integer("classes")));

    public SoftmaxOutput {
        if (classes < 2) {
            throw new InvalidSpecException("softmax output needs at least 2 classes, got " + classes);
        }
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        Shapes.requireFlat(input, this);
        return new FlatShape(classes);
    }

    @Override
    public int stride() {
        return 1;
    }

    /** The linear map, then the softmax as a module of its own. */
    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("Linear").with("in_features", Shapes.requireFlat(input, this).size()).with("out_features", classes)
                .with("bias", true), TorchModule.of("Softmax").with("dim", 1));
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of(
                TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(classes, Shapes.requireFlat(input, this).size())),
                TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(classes)));
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.integer("classes", classes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.softmax(this);
    }
}
