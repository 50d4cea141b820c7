package dev.tailor.domain.training;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;

/** Backend SPI: builds an engine's network for a spec, starting from the given weights. */
@FunctionalInterface
public interface NetworkFactory {
    TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial);
}
