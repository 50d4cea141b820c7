package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.Optional;

/**
 * What to train: a spec, the data to fit, optionally data held out to score after every epoch, how, and optionally
 * the weights to start from (by default drawn as the config's {@link Initialization} says).
 */
public record TrainingRequest(ModelSpec spec, Dataset trainSet, Optional<Dataset> heldOut, TrainingConfig config,
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
    }

    public TrainingRequest(ModelSpec spec, Dataset trainSet, TrainingConfig config) {
        this(spec, trainSet, Optional.empty(), config, Optional.empty());
    }

    public TrainingRequest(ModelSpec spec, Dataset trainSet, Optional<Dataset> heldOut, TrainingConfig config) {
        this(spec, trainSet, heldOut, config, Optional.empty());
    }

    /** The weights training starts from: the given ones, else drawn as the config's {@link Initialization} says. */
    public Weights startingWeights(NetworkFactory engine) {
        return initialWeights.orElseGet(() -> config.init() == Initialization.GLOROT
                ? Weights.initial(spec, config.seed())
                : engine.engineInitialWeights(spec, config.seed()));
    }
}
