package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/** Fully connected layer; weights [units, inputs], plus a bias per unit unless turned off. Linear unless told. */
public record Dense(int units, Activation activation, boolean bias) implements Layer {
    public static final LayerType TYPE = new LayerType("dense", "Dense", in -> new Dense(in.integer("units"),
            in.activation("activation", Activation.LINEAR), in.bool("bias", true)));

    public Dense {
        Shapes.requirePositive("units", units);
    }

    public Dense(int units, Activation activation) {
        this(units, activation, true);
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        Shapes.requireFlat(input, this);
        return new FlatShape(units);
    }

    @Override
    public int stride() {
        return 1;
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return TorchModule.activated(TorchModule.of("Linear").with("in_features", Shapes.requireFlat(input, this).size())
                .with("out_features", units).with("bias", bias), activation);
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        TensorSpec weight = TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(units, Shapes.requireFlat(input, this).size()));
        return bias ? List.of(weight, TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(units))) : List.of(weight);
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.integer("units", units).activation("activation", activation).bool("bias", bias);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
