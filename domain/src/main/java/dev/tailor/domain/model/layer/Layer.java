package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * One step of a {@link dev.tailor.domain.model.ModelSpec}, in Tailor's own engine-neutral vocabulary. Each layer type is
 * one file of this package, and that file is all Tailor knows of it beyond each engine's mapping: how a config spells
 * it ({@link LayerType}, {@link #write}), the shape it produces, the tensors it holds, the PyTorch modules it is
 * ({@link #torchModules}) and the layers nested in it. Nothing here has a default a layer could inherit by mistake.
 *
 * <p>Adding a layer: its record (with a {@code TYPE}), a line in {@code permits} and a method in {@link Visitor}; the
 * compiler then lists every mapping that must handle it (one per engine).
 */
public sealed interface Layer permits Normalize, Conv2d, MaxPool2d, AvgPool2d, GlobalAvgPool, Flatten, Dense, Dropout, Dropout2d,
        BatchNorm, LayerNorm, ActivationLayer, Residual, SoftmaxOutput {

    /** The layer's type: its name in config files, its Keras-style name, how it is read. */
    LayerType layerType();

    /** The type name, as written in config files. */
    default String type() {
        return layerType().name();
    }

    /** The shape this layer produces from {@code input}; throws {@link dev.tailor.domain.model.InvalidSpecException} if it cannot apply. */
    FeatureShape outputShape(FeatureShape input);

    /** How far one output step moves over the input grid: a convolution's or pool's stride, 1 where nothing strides. */
    int stride();

    /**
     * The modules this layer is in PyTorch's {@code nn.Sequential}, in order (an activation written on a convolution is
     * a module of its own). Their count numbers the modules of the layers after it.
     */
    List<TorchModule> torchModules(FeatureShape input);

    /** The tensors this layer itself holds, named under its module path (e.g. {@code 3} or {@code 5.body.0}). */
    List<TensorSpec> tensors(String module, FeatureShape input);

    /** Layers nested in this one, placed under its module path; their tensors are part of this layer's. */
    List<LayerNode> children(String module, FeatureShape input);

    /** Every field, as a config file would spell it out, in order. */
    void write(LayerWriter out);

    <R> R accept(Visitor<R> visitor);

    /** One method per layer type: an engine's mapping of every layer. */
    interface Visitor<R> {
        R normalize(Normalize layer);

        R conv2d(Conv2d layer);

        R maxPool2d(MaxPool2d layer);

        R avgPool2d(AvgPool2d layer);

        R globalAvgPool(GlobalAvgPool layer);

        R flatten(Flatten layer);

        R dense(Dense layer);

        R dropout(Dropout layer);

        R dropout2d(Dropout2d layer);

        R batchNorm(BatchNorm layer);

        R layerNorm(LayerNorm layer);

        R activation(ActivationLayer layer);

        R residual(Residual layer);

        R softmax(SoftmaxOutput layer);
    }
}
