package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * Per-channel normalisation of the input, (x - mean) / std, as torchvision's {@code Normalize}: the data's
 * preprocessing written into the model, so every engine, {@code predict}, {@code serve}, Spark and PyTorch apply it
 * alike. Nothing is learned; {@code tailor dataset} prints a data set's per-channel mean and standard deviation.
 */
public record Normalize(List<Double> mean, List<Double> std) implements Layer {
    public static final LayerType TYPE = new LayerType("normalize", "Normalization",
            in -> new Normalize(in.numbers("mean"), in.numbers("std")));

    public Normalize {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new InvalidSpecException("normalize needs a mean and a std per channel, got " + mean.size() + " and " + std.size());
        }
        if (mean.stream().anyMatch(m -> !Double.isFinite(m)) || std.stream().anyMatch(s -> !(s > 0) || !Double.isFinite(s))) {
            throw new InvalidSpecException("normalize needs finite means and positive stds, got mean " + mean + " and std " + std);
        }
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        ImageShape image = Shapes.requireImage(input, this);
        if (image.channels() != mean.size()) {
            throw new InvalidSpecException("normalize has " + mean.size() + " means and stds for an input of " + image.channels()
                    + " channels");
        }
        return image;
    }

    @Override
    public int stride() {
        return 1;
    }

    /** Tailor's own module (the PyTorch loader defines it), its constants in its arguments. */
    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of("Normalize").with("mean", mean).with("std", std));
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
        out.numbers("mean", mean).numbers("std", std);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.normalize(this);
    }
}
