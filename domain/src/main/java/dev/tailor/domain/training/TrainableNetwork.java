package dev.tailor.domain.training;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.Weights;

/**
 * Backend SPI: one engine's network under training. The shared {@link MiniBatchTrainer} drives it, so batching,
 * shuffling, timing and reporting are identical on every backend.
 */
public interface TrainableNetwork extends AutoCloseable {

    /** Loss and correct predictions of one optimisation step. */
    record StepResult(double loss, int correct) {
    }

    /**
     * One forward pass, backward pass and weight update on {@code batch}, in training mode (dropout on, batch norms on
     * batch statistics), at {@code learningRate}: the shared loop computes every step's rate from the schedule.
     * The loss is measured against the config's (smoothed) targets.
     */
    StepResult step(Batch batch, double learningRate);

    /**
     * Called before each epoch's first step with the seed of that epoch's dropout masks, so that the masks depend on
     * the run's seed and the epoch alone and a resumed run draws the ones it would have drawn.
     */
    void startEpoch(int epoch, long dropoutSeed);

    /** A copy of the current weights, in PyTorch layouts. */
    Weights weights();

    /** A copy of the optimizer's state, for a checkpoint. */
    OptimizerState optimizerState();

    /** A classifier with a copy of the current weights, independent of further training. */
    NetworkClassifier snapshot();

    @Override
    void close();
}
