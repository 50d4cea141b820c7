package dev.tailor.domain.training;

import dev.tailor.domain.model.Weights;

/** Port: trains a spec on a dataset, reporting each batch and epoch, and returns the classifier and its history. */
public interface Trainer {
    TrainingResult train(TrainingRequest request, TrainingListener listener);

    /** The weights {@code request} would start from on this trainer's engine. */
    Weights startingWeights(TrainingRequest request);
}
