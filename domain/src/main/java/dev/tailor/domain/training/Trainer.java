package dev.tailor.domain.training;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;

/**
 * Port: trains a spec on a dataset, reporting each batch and epoch, and returns the classifier, its history and its
 * provenance.
 */
public interface Trainer {
    /** Trains from the request's initial weights, or from {@link #initialWeights} when it gives none. */
    TrainingResult train(TrainingRequest request, TrainingListener listener);

    /**
     * Continues {@code request} from a checkpoint its own run wrote: the result is the one the run would have had
     * without the interruption (same weights to the bit, same metrics).
     */
    TrainingResult resume(TrainingRequest request, TrainingCheckpoint checkpoint, TrainingListener listener);

    /**
     * Starting weights as the config's {@link Initialization} says, seeded: Tailor's own draw (the same on every
     * engine) or this engine's. Draw once and hand them to every run that must start alike.
     */
    Weights initialWeights(ModelSpec spec, TrainingConfig config);
}
