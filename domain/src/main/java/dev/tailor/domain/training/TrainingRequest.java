package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.DataSplit;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Shuffle;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to train: a spec, the training images (of which the config may hold a validation share out), optionally a test
 * set to score, how, and optionally the weights to start from (by default drawn as the config's
 * {@link Initialization} says).
 */
public record TrainingRequest(ModelSpec spec, Dataset trainSet, Optional<Dataset> testSet, TrainingConfig config,
                              Optional<Weights> initialWeights) {
    public TrainingRequest {
        initialWeights.ifPresent(w -> w.requireFits(spec));
        if (trainSet.size() == 0) {
            throw new InvalidInputException("the training set is empty");
        }
        if (!spec.input().equals(trainSet.shape())) {
            throw new InvalidInputException("model " + spec.name() + " expects " + spec.input() + " images but the data has "
                    + trainSet.shape());
        }
        if (spec.classes() != trainSet.classNames().size()) {
            throw new InvalidInputException("model " + spec.name() + " predicts " + spec.classes() + " classes but the data has "
                    + trainSet.classNames().size());
        }
        config.augmentation().requireFits(spec.input());
        DataSplit split = split(trainSet, config);
        if (config.validation().enabled() && split.validation().size() == 0) {
            throw new InvalidInputException("a validation share of " + config.validation().share() + " holds out no image of the "
                    + trainSet.size() + " training images; give a larger share or more images");
        }
        requireBatchStatistics(spec, split.train().size(), config.batchSize());
    }

    /**
     * The images to fit and those held out for validation: a seeded, class-stratified split when the config asks
     * for one, else all of them to fit.
     */
    public DataSplit split() {
        return split(trainSet, config);
    }

    private static DataSplit split(Dataset trainSet, TrainingConfig config) {
        Validation validation = config.validation();
        return validation.enabled()
                ? trainSet.stratifiedSplit(validation.share(), Shuffle.validationSeed(config.seed()))
                : new DataSplit(trainSet, trainSet.take(0));
    }

    /**
     * A layer that keeps a running variance estimates each feature's variance from the batch, so every training batch
     * must give it at least two values per feature. PyTorch refuses such a batch mid-run; Tailor refuses the request
     * before training starts.
     */
    private static void requireBatchStatistics(ModelSpec spec, int images, int batchSize) {
        int smallest = Math.min(images, images % batchSize == 0 ? batchSize : images % batchSize);
        for (LayerNode node : allNodes(spec.nodes())) {
            if (node.ownTensors().stream().anyMatch(t -> t.role() == TensorSpec.Role.RUNNING_VARIANCE)) {
                int perImage = BatchNorm.valuesPerImage(node.input());
                if ((long) smallest * perImage < 2) {
                    throw new InvalidInputException("the " + node.layer().type() + " at module " + node.path() + " needs at least 2 values per "
                            + "feature in every training batch, but " + images + " images at batch size " + batchSize
                            + " leave a batch of " + smallest + "; choose a batch size that leaves no single image");
                }
            }
        }
    }

    private static List<LayerNode> allNodes(List<LayerNode> nodes) {
        List<LayerNode> all = new ArrayList<>();
        for (LayerNode node : nodes) {
            all.add(node);
            all.addAll(allNodes(node.children()));
        }
        return all;
    }

    public TrainingRequest(ModelSpec spec, Dataset trainSet, TrainingConfig config) {
        this(spec, trainSet, Optional.empty(), config, Optional.empty());
    }

    public TrainingRequest(ModelSpec spec, Dataset trainSet, Optional<Dataset> testSet, TrainingConfig config) {
        this(spec, trainSet, testSet, config, Optional.empty());
    }
}
