package dev.tailor.domain.training;

import dev.tailor.domain.model.ModelSpec;
import java.util.List;

/** Backend SPI: builds an engine's network for a spec, initialised from the config's seed. */
@FunctionalInterface
public interface NetworkFactory {
    TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config);
}
