package dev.tailor.domain.training;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;

/** Backend SPI: builds an engine's network for a spec, and draws starting weights the engine's own way. */
public interface NetworkFactory {

    /** A network ready to train, starting from {@code initial}. */
    TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial);

    /** Starting weights from the engine's default initialiser and random generator, seeded (PyTorch layouts). */
    Weights engineInitialWeights(ModelSpec spec, long seed);
}
