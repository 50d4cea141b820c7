package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.training.WeightDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ModelSpec} as a SameDiff graph ({@link SameDiffGraphBuilder} builds it). Trainable tensors are graph
 * variables named as the spec names them. The training graph takes one dropout mask placeholder per dropout layer
 * (SameDiff's own dropout op has no gradient, and masks drawn in Java keep runs reproducible) and exposes each batch
 * norm's batch statistics, from which the network moves the running estimates. The inference graph has no dropout
 * and folds each batch norm's running estimates into a scale and a shift, as PyTorch evaluates it.
 */
final class SameDiffGraph {
    static final String INPUT = "input";
    static final String LABELS = "labels";
    static final String LOGITS = "logits";
    static final String PROBABILITIES = "probabilities";
    static final String LOSS = "loss";
    static final String PENALTY = "l2_penalty";

    /** A dropout layer's mask placeholder: per-example shape and the probability of keeping a value. */
    record DropoutMask(String placeholder, long[] exampleShape, double keep) {
    }

    /** A trainable tensor: the graph variable of the same name, held in {@code layout}. */
    record Trainable(TensorSpec spec, TensorLayout layout) {
    }

    /**
     * A batch norm in the training graph: the layer (whose rule moves its running estimates), the outputs holding its
     * batch mean and biased variance per feature, the values each feature has per image (height x width, or 1), and the
     * running estimates they move.
     */
    record BatchStatistics(BatchNorm norm, String mean, String variance, int valuesPerImage,
                           TensorSpec runningMean, TensorSpec runningVariance) {
    }

    private final SameDiff sameDiff;
    private final List<DropoutMask> masks;
    private final Map<String, Trainable> trainables;
    private final List<String> trainableNames;
    private final List<BatchStatistics> statistics;
    private final List<String> layerOutputs;
    private final List<OpProgram.ImageBatchNorm> imageBatchNorms;

    SameDiffGraph(SameDiff sameDiff, List<DropoutMask> masks, List<Trainable> trainables, List<BatchStatistics> statistics,
                  List<String> layerOutputs, List<OpProgram.ImageBatchNorm> imageBatchNorms) {
        this.sameDiff = sameDiff;
        this.masks = List.copyOf(masks);
        this.trainables = trainables.stream().collect(Collectors.toUnmodifiableMap(t -> t.spec().name(), Function.identity()));
        this.trainableNames = trainables.stream().map(t -> t.spec().name()).toList();
        this.statistics = List.copyOf(statistics);
        this.layerOutputs = List.copyOf(layerOutputs);
        this.imageBatchNorms = List.copyOf(imageBatchNorms);
    }

    /**
     * The training graph; {@code l2} adds decay / 2 x |w|^2 of every trainable tensor it applies to to the loss;
     * {@code frozen} tensors are constants.
     */
    static SameDiffGraph forTraining(ModelSpec spec, Weights weights, WeightDecay l2, Set<String> frozen) {
        return new SameDiffGraphBuilder(weights, true, l2, frozen).build(spec);
    }

    static SameDiffGraph forInference(ModelSpec spec, Weights weights) {
        return new SameDiffGraphBuilder(weights, false, WeightDecay.NONE, Set.of()).build(spec);
    }

    SameDiff sameDiff() {
        return sameDiff;
    }

    List<DropoutMask> masks() {
        return masks;
    }

    List<BatchStatistics> statistics() {
        return statistics;
    }

    /** The batch norms on images that use their batch's statistics, whose statistics backward the program fuses. */
    List<OpProgram.ImageBatchNorm> imageBatchNorms() {
        return imageBatchNorms;
    }

    /** What a training step feeds, in this order: the images, each dropout mask, the (smoothed) targets. */
    List<String> trainingPlaceholders() {
        List<String> names = new ArrayList<>();
        names.add(INPUT);
        masks.forEach(m -> names.add(m.placeholder()));
        names.add(LABELS);
        return List.copyOf(names);
    }

    /** The graph variables that training updates, in the order the builder declared them. */
    List<String> trainableNames() {
        return trainableNames;
    }

    /** The variable holding each top-level layer's output, in layer order. */
    List<String> layerOutputs() {
        return layerOutputs;
    }

    /** The engine's array of a trainable tensor, in the engine's layout, updated in place by training. */
    INDArray array(TensorSpec spec) {
        if (!trainables.containsKey(spec.name())) {
            throw new IllegalArgumentException("the graph has no trainable tensor " + spec.name());
        }
        return sameDiff.getVariable(spec.name()).getArr();
    }

    /** A trainable tensor's current value, copied out of the engine into PyTorch's layout. */
    Tensor read(TensorSpec spec) {
        Trainable t = trainables.get(spec.name());
        if (t == null) {
            throw new IllegalArgumentException("the graph has no trainable tensor " + spec.name());
        }
        return t.layout().fromEngine(sameDiff.getVariable(spec.name()).getArr(), spec.shape());
    }
}
