package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * Batch normalisation per channel of an image or per unit of a vector, with PyTorch's conventions: training
 * normalises with the batch's mean and biased variance and moves the running estimates towards the batch's mean and
 * unbiased variance by {@code momentum} (the weight of the new value); evaluation uses the running estimates.
 *
 * <p>Its state, all of it here: the running estimates and batch counter are declared as tensors of their own roles
 * ({@link #tensors}), so they are saved, restored and moved between engines with the weights; how a training step moves
 * them is {@link #moveRunningEstimates} (an engine without its own batch norm calls it; PyTorch's does the same); the
 * counter is counted by the training loop for every layer that declares one.
 */
public record BatchNorm(double momentum, double epsilon) implements Layer {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPSILON = 1e-5;
    public static final LayerType TYPE = new LayerType("batchNorm", "BatchNormalization", in -> new BatchNorm(
            in.number("momentum", DEFAULT_MOMENTUM), in.number("epsilon", DEFAULT_EPSILON)));

    public BatchNorm {
        if (!(momentum > 0 && momentum <= 1)) {
            throw new InvalidSpecException("momentum is the weight of each new batch's statistics and must be in (0, 1], got "
                    + momentum);
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new InvalidSpecException("epsilon must be a small positive number, got " + epsilon);
        }
    }

    /** PyTorch's defaults: momentum 0.1, epsilon 1e-5. */
    public BatchNorm() {
        this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    /** Channels of an image, units of a vector: what is normalised separately. */
    public static int features(FeatureShape input) {
        return input instanceof ImageShape image ? image.channels() : input.size();
    }

    /** The values each feature has per image: height x width of an image, one for a vector. */
    public static int valuesPerImage(FeatureShape input) {
        return input instanceof ImageShape image ? image.height() * image.width() : 1;
    }

    /**
     * One training step's move of the running estimates, in place, in double as PyTorch accumulates:
     * {@code r = (1 - m) r + m s}, with the batch's variance made unbiased over its {@code values} per feature.
     *
     * @param batchVariance the batch's biased variance, the one it normalised with
     */
    public void moveRunningEstimates(float[] runningMean, float[] runningVariance, float[] batchMean, float[] batchVariance,
                                     long values) {
        double unbias = (double) values / (values - 1);
        for (int c = 0; c < runningMean.length; c++) {
            runningMean[c] = (float) ((1 - momentum) * runningMean[c] + momentum * batchMean[c]);
            runningVariance[c] = (float) ((1 - momentum) * runningVariance[c] + momentum * batchVariance[c] * unbias);
        }
    }

    @Override
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    public int stride() {
        return 1;
    }

    /** PyTorch's momentum is the same weight of the new value. */
    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return List.of(TorchModule.of(input instanceof ImageShape ? "BatchNorm2d" : "BatchNorm1d")
                .with("num_features", features(input)).with("eps", epsilon).with("momentum", momentum));
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        List<Integer> perFeature = List.of(features(input));
        return List.of(
                TensorSpec.of(module, TensorSpec.Role.SCALE, perFeature),
                TensorSpec.of(module, TensorSpec.Role.SHIFT, perFeature),
                TensorSpec.of(module, TensorSpec.Role.RUNNING_MEAN, perFeature),
                TensorSpec.of(module, TensorSpec.Role.RUNNING_VARIANCE, perFeature),
                TensorSpec.of(module, TensorSpec.Role.BATCH_COUNTER, List.of()));
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.number("momentum", momentum).number("epsilon", epsilon);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.batchNorm(this);
    }
}
