package dev.tailor.domain.model;

import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.model.layer.TorchModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend-neutral description of a classifier network: an input shape and an ordered list of layers ending in a
 * {@link SoftmaxOutput}. Validated on construction, so an impossible spec never reaches an engine.
 */
public record ModelSpec(String name, ImageShape input, List<Layer> layers) {

    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new InvalidSpecException("a model needs a name");
        }
        if (input == null) {
            throw new InvalidSpecException("a model needs an input shape");
        }
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new InvalidSpecException("a model needs at least one layer, ending with a softmax output");
        }
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            if (layers.get(i) instanceof SoftmaxOutput != last) {
                throw new InvalidSpecException(last ? "the last layer must be the softmax output"
                        : "the softmax output must be the last layer").inLayer(i, layers.get(i).type());
            }
        }
        LayerNode.sequence("", layers, input);
    }

    /** The layers placed: module paths and shapes. */
    public List<LayerNode> nodes() {
        return LayerNode.sequence("", layers, input);
    }

    /** The network as PyTorch modules in {@code nn.Sequential} order: what a model's manifest tells loaders outside Java. */
    public List<TorchModule> torchModules() {
        List<TorchModule> all = new ArrayList<>();
        nodes().forEach(node -> all.addAll(node.layer().torchModules(node.input())));
        return List.copyOf(all);
    }

    /** Every tensor of the network, nested layers' included, named and shaped as PyTorch's nn.Sequential holds them. */
    public List<TensorSpec> tensors() {
        List<TensorSpec> all = new ArrayList<>();
        nodes().forEach(node -> all.addAll(node.tensors()));
        return List.copyOf(all);
    }

    /** Elements training updates: what PyTorch's {@code sum(p.numel() for p in m.parameters())} gives. */
    public long parameterCount() {
        return tensors().stream().filter(TensorSpec::trainable).mapToLong(TensorSpec::size).sum();
    }

    /**
     * Multiply-adds one image costs on the way forward through the convolutions and dense layers (each weight tensor's
     * size times the output positions it is applied at); pooling, normalisation and activations are left out, as they
     * are a few percent of a CNN's arithmetic. A training step costs about three times this (forward, and the two
     * backward products).
     */
    public long multiplyAddsPerImage() {
        return multiplyAdds(nodes());
    }

    private static long multiplyAdds(List<LayerNode> nodes) {
        long total = 0;
        for (LayerNode node : nodes) {
            long positions = node.output() instanceof ImageShape image ? (long) image.height() * image.width() : 1;
            for (TensorSpec tensor : node.ownTensors()) {
                if (tensor.role() == TensorSpec.Role.WEIGHT) {
                    total += tensor.size() * positions;
                }
            }
            total += multiplyAdds(node.children());
        }
        return total;
    }

    /** Elements training does not update (running statistics, batch counters): PyTorch's buffers. */
    public long nonTrainableCount() {
        return tensors().stream().filter(t -> !t.trainable()).mapToLong(TensorSpec::size).sum();
    }

    /** Number of classes the output layer predicts. */
    public int classes() {
        if (layers.get(layers.size() - 1) instanceof SoftmaxOutput output) {
            return output.classes();
        }
        throw new IllegalStateException("validated on construction: the last layer is the softmax output");
    }

    /** Every layer, nested ones after the layer holding them, with Keras-style names and parameter counts. */
    public List<LayerSummary> layerSummaries() {
        List<LayerSummary> rows = new ArrayList<>();
        addRows(nodes(), 0, new HashMap<>(), rows);
        return List.copyOf(rows);
    }

    private static void addRows(List<LayerNode> nodes, int depth, Map<String, Integer> seen, List<LayerSummary> rows) {
        for (LayerNode node : nodes) {
            int n = seen.merge(node.layer().type(), 1, Integer::sum);
            String rowName = n == 1 ? node.layer().type() : node.layer().type() + "_" + (n - 1);
            List<TensorSpec> tensors = node.tensors();
            rows.add(new LayerSummary(rowName, depth, node,
                    tensors.stream().filter(TensorSpec::trainable).mapToLong(TensorSpec::size).sum(),
                    tensors.stream().filter(t -> !t.trainable()).mapToLong(TensorSpec::size).sum()));
            addRows(node.children(), depth + 1, seen, rows);
        }
    }

    /**
     * The layer table and parameter totals, laid out like Keras' {@code model.summary()}. Nested layers are indented
     * under the layer holding them; a residual's shortcut layers are marked as such.
     */
    public String summary() {
        int width = 84;
        String rule = "_".repeat(width);
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(name).append("\"  input ").append(input).append('\n');
        out.append(rule).append('\n');
        out.append(String.format(" %-44s %-24s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        out.append("=".repeat(width)).append('\n');
        List<LayerSummary> rows = layerSummaries();
        for (int i = 0; i < rows.size(); i++) {
            LayerSummary row = rows.get(i);
            String shortcut = row.node().path().matches(".*\\.shortcut\\.\\d+$") ? "shortcut: " : "";
            String label = "  ".repeat(row.depth()) + shortcut + row.name() + " (" + row.layer().layerType().displayName() + ")";
            out.append(String.format(" %-44s %-24s %,12d%n", label, row.outputShape().describe(), row.parameters()));
            boolean nextIsTop = i + 1 < rows.size() && rows.get(i + 1).depth() == 0;
            if (i == rows.size() - 1) {
                out.append("=".repeat(width)).append('\n');
            } else if (nextIsTop) {
                out.append(rule).append('\n');
            }
        }
        long trainable = parameterCount();
        long nonTrainable = nonTrainableCount();
        out.append(String.format("Total params: %,d%n", trainable + nonTrainable));
        out.append(String.format("Trainable params: %,d%n", trainable));
        out.append(String.format("Non-trainable params: %,d%n", nonTrainable));
        return out.toString();
    }
}
