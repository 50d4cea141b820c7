package dev.tailor.domain.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named, ready-made specs. */
public final class ModelPresets {
    /** The reference Keras notebook's CNN: 121,930 trainable parameters. */
    public static final ModelSpec SEED_CNN = new ModelSpec("seed-cnn", new ImageShape(1, 28, 28), List.of(
            new Layer.Conv2d(32, 3, Activation.RELU),
            new Layer.MaxPool2d(2),
            new Layer.Conv2d(64, 3, Activation.RELU),
            new Layer.MaxPool2d(2),
            new Layer.Flatten(),
            new Layer.Dense(64, Activation.RELU),
            new Layer.Dropout(0.5),
            new Layer.SoftmaxOutput(10)));

    private static final Map<String, ModelSpec> PRESETS = new TreeMap<>(Map.of(SEED_CNN.name(), SEED_CNN));

    private ModelPresets() {
    }

    public static ModelSpec named(String name) {
        ModelSpec spec = PRESETS.get(name);
        if (spec == null) {
            throw new InvalidSpecException("unknown model preset '" + name + "'; known presets: " + String.join(", ", names()));
        }
        return spec;
    }

    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }
}
