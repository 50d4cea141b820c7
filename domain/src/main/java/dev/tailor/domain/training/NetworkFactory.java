package dev.tailor.domain.training;

import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;
import java.util.Set;

/** Backend SPI: builds an engine's network for a spec, and draws starting weights the engine's own way. */
public interface NetworkFactory {

    /**
     * A network ready to train, starting from {@code initial} with the optimizer in {@code optimizer}'s state
     * ({@link OptimizerState#FRESH} for a new run).
     */
    TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial,
                            OptimizerState optimizer);

    /** A classifier of saved weights, as {@link TrainableNetwork#snapshot} gives one (to restore early stopping's best). */
    NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights);

    /** The number formats this engine trains in; {@link Precision#FLOAT32} always. */
    Set<Precision> precisions();

    /** Starting weights from the engine's default initialiser and random generator, seeded (PyTorch layouts). */
    Weights engineInitialWeights(ModelSpec spec, long seed);
}
