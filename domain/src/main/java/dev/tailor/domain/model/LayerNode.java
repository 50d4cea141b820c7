package dev.tailor.domain.model;

import dev.tailor.domain.model.layer.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer placed in a network: its PyTorch module path ({@code 3}, {@code 5.body.1}) and the shapes that flow in
 * and out. Engines build from nodes, so each layer's shapes and tensor names are worked out once, here.
 */
public record LayerNode(String path, Layer layer, FeatureShape input, FeatureShape output) {

    /**
     * Layers in sequence under a module prefix ({@code ""} at the top, {@code "5.body."} inside a residual), numbered
     * as {@code nn.Sequential} numbers its modules. A layer that cannot take its input fails with its position.
     */
    public static List<LayerNode> sequence(String prefix, List<Layer> layers, FeatureShape input) {
        List<LayerNode> nodes = new ArrayList<>(layers.size());
        FeatureShape shape = input;
        int module = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            FeatureShape out;
            try {
                out = layer.outputShape(shape);
            } catch (InvalidSpecException e) {
                throw e.inLayer(i, layer.type());
            }
            nodes.add(new LayerNode(prefix + module, layer, shape, out));
            shape = out;
            // Numbered as nn.Sequential numbers modules: a layer is as many as the PyTorch modules it is.
            module += layer.torchModules(shape).size();
        }
        return List.copyOf(nodes);
    }

    /** The tensors this layer holds itself, without those of nested layers. */
    public List<TensorSpec> ownTensors() {
        return layer.tensors(path, input);
    }

    /** Layers nested in this one (a residual's body, then its shortcut). */
    public List<LayerNode> children() {
        return layer.children(path, input);
    }

    /** Every tensor of this layer and the layers nested in it, in order. */
    public List<TensorSpec> tensors() {
        List<TensorSpec> all = new ArrayList<>(ownTensors());
        for (LayerNode child : children()) {
            all.addAll(child.tensors());
        }
        return List.copyOf(all);
    }
}
