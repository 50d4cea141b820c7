package dev.tailor.domain.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend-neutral description of a classifier network: an input shape and an ordered list of layers ending in a
 * {@link Layer.SoftmaxOutput}. Validated on construction, so an impossible spec never reaches an engine.
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
        validate(input, layers);
    }

    private static void validate(ImageShape input, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new InvalidSpecException("a model needs at least one layer, ending with a softmax output");
        }
        FeatureShape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (layer instanceof Layer.SoftmaxOutput != last) {
                throw new InvalidSpecException(at(i, layer) + (last
                        ? "the last layer must be the softmax output"
                        : "the softmax output must be the last layer"));
            }
            try {
                shape = layer.outputShape(shape);
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException(at(i, layer) + e.getMessage());
            }
        }
    }

    private static String at(int index, Layer layer) {
        return "layers[" + index + "] (" + layer.type() + "): ";
    }

    /** Every layer with its name, shapes and parameter count, in order. */
    public List<LayerSummary> layerSummaries() {
        List<LayerSummary> rows = new ArrayList<>(layers.size());
        Map<String, Integer> seen = new HashMap<>();
        FeatureShape shape = input;
        for (Layer layer : layers) {
            int n = seen.merge(layer.type(), 1, Integer::sum);
            String rowName = n == 1 ? layer.type() : layer.type() + "_" + (n - 1);
            FeatureShape out = layer.outputShape(shape);
            rows.add(new LayerSummary(rowName, layer, shape, out, layer.parameterCount(shape)));
            shape = out;
        }
        return List.copyOf(rows);
    }

    public long parameterCount() {
        return layerSummaries().stream().mapToLong(LayerSummary::parameters).sum();
    }

    /** Number of classes the output layer predicts. */
    public int classes() {
        return ((Layer.SoftmaxOutput) layers.get(layers.size() - 1)).classes();
    }

    /**
     * Trainable tensors in PyTorch {@code nn.Sequential} order, names and layouts. Activations and the final
     * softmax count as modules of their own, as they would in PyTorch.
     */
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> params = new ArrayList<>();
        int module = 0;
        List<LayerSummary> rows = layerSummaries();
        for (int i = 0; i < rows.size(); i++) {
            Layer layer = rows.get(i).layer();
            params.addAll(layer.parameters(module, i, rows.get(i).inputShape()));
            module += layer.moduleCount();
        }
        return List.copyOf(params);
    }

    /** The layer table and parameter totals, laid out like Keras' {@code model.summary()}. */
    public String summary() {
        String rule = "_".repeat(72);
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(name).append("\"  input ").append(input).append('\n');
        out.append(rule).append('\n');
        out.append(String.format(" %-30s %-25s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        out.append("=".repeat(72)).append('\n');
        List<LayerSummary> rows = layerSummaries();
        for (int i = 0; i < rows.size(); i++) {
            LayerSummary row = rows.get(i);
            String label = row.name() + " (" + row.layer().displayType() + ")";
            out.append(String.format(" %-30s %-25s %,12d%n", label, row.outputShape().describe(), row.parameters()));
            out.append(i == rows.size() - 1 ? "=".repeat(72) : rule).append('\n');
        }
        long total = parameterCount();
        out.append(String.format("Total params: %,d%n", total));
        out.append(String.format("Trainable params: %,d%n", total));
        out.append("Non-trainable params: 0\n");
        return out.toString();
    }
}
