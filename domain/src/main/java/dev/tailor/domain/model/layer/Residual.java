package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code activation(body(x) + shortcut(x))}, ReLU after the sum unless told (as in ResNet). The shortcut is the
 * identity when the body keeps the shape, otherwise a 1x1 convolution without bias, with the body's total stride,
 * followed by a batch norm with default settings.
 */
public record Residual(List<Layer> layers, Activation activation) implements Layer {
    public static final LayerType TYPE = new LayerType("residual", "Residual", in -> new Residual(in.layers("layers"),
            in.activation("activation", Activation.RELU)));

    public Residual {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new InvalidSpecException("a residual needs at least one layer in its body");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof SoftmaxOutput) {
                throw new InvalidSpecException("the softmax output must be the model's last layer, not inside a residual")
                        .inLayer(i, layers.get(i).type());
            }
        }
        if (activation == null) {
            throw new InvalidSpecException("a residual needs an activation after the sum (linear for none)");
        }
    }

    /** ReLU after the sum, as in ResNet. */
    public Residual(List<Layer> layers) {
        this(layers, Activation.RELU);
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        FeatureShape out = bodyOutput(input);
        shortcutLayers(input);
        return out;
    }

    @Override
    public int stride() {
        int total = 1;
        for (Layer layer : layers) {
            total *= layer.stride();
        }
        return total;
    }

    /** Tailor's own module (the PyTorch loader defines it), with its body and shortcut as Sequentials of their own. */
    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        Map<String, List<TorchModule>> parts = new LinkedHashMap<>();
        parts.put("body", modules(body("", input)));
        parts.put("shortcut", modules(shortcut("", input)));
        parts.put("activation", TorchModule.activation(activation).map(List::of).orElse(List.of()));
        return List.of(new TorchModule("Residual", Map.of(), parts));
    }

    private static List<TorchModule> modules(List<LayerNode> nodes) {
        List<TorchModule> modules = new ArrayList<>();
        nodes.forEach(node -> modules.addAll(node.layer().torchModules(node.input())));
        return modules;
    }

    /** Its own tensors: none; they are its body's and shortcut's. */
    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of();
    }

    /** The body's layers, numbered {@code module.body.0}, {@code module.body.1}... as a Sequential of their own. */
    public List<LayerNode> body(String module, FeatureShape input) {
        return LayerNode.sequence(module + ".body.", layers, input);
    }

    /** The shortcut's layers, {@code module.shortcut.0} and {@code .1}; none when the shortcut is the identity. */
    public List<LayerNode> shortcut(String module, FeatureShape input) {
        return LayerNode.sequence(module + ".shortcut.", shortcutLayers(input), input);
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        List<LayerNode> nodes = new ArrayList<>(body(module, input));
        nodes.addAll(shortcut(module, input));
        return List.copyOf(nodes);
    }

    @Override
    public void write(LayerWriter out) {
        out.layers("layers", layers).activation("activation", activation);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.residual(this);
    }

    private FeatureShape bodyOutput(FeatureShape input) {
        List<LayerNode> body = LayerNode.sequence("", layers, input);
        return body.get(body.size() - 1).output();
    }

    private List<Layer> shortcutLayers(FeatureShape input) {
        FeatureShape out = bodyOutput(input);
        if (out.equals(input)) {
            return List.of();
        }
        if (!(input instanceof ImageShape in) || !(out instanceof ImageShape image)) {
            throw new InvalidSpecException("the body turns " + input + " into " + out + ", which no shortcut can match: "
                    + "a 1x1 convolution shortcut maps images to images");
        }
        int s = stride();
        int height = (in.height() - 1) / s + 1;
        int width = (in.width() - 1) / s + 1;
        if (height != image.height() || width != image.width()) {
            throw new InvalidSpecException("the body turns " + in + " into " + image + " but a 1x1 shortcut with the body's stride "
                    + s + " gives " + image.channels() + "x" + height + "x" + width
                    + "; pad the body's convolutions to keep the size (e.g. padding 1 for 3x3 kernels)");
        }
        return List.of(new Conv2d(image.channels(), 1, s, Padding.VALID, Activation.LINEAR, false), new BatchNorm());
    }
}
