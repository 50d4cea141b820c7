package dev.tailor.domain.model;

import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named, ready-made specs. */
public final class ModelPresets {
    /** The reference Keras notebook's CNN: 121,930 trainable parameters. */
    public static final ModelSpec SEED_CNN = new ModelSpec("seed-cnn", new ImageShape(1, 28, 28), List.of(
            new Conv2d(32, 3, Activation.RELU),
            new MaxPool2d(2),
            new Conv2d(64, 3, Activation.RELU),
            new MaxPool2d(2),
            new Flatten(),
            new Dense(64, Activation.RELU),
            new Dropout(0.5),
            new SoftmaxOutput(10)));

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
