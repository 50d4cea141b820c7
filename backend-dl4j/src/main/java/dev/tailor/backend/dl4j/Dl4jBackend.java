package dev.tailor.backend.dl4j;

import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.training.MiniBatchTrainer;
import dev.tailor.domain.training.Trainer;

/** Deeplearning4j: Tailor specs as SameDiff graphs, run by libnd4j with oneDNN kernels. */
public final class Dl4jBackend implements Backend {
    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String engine() {
        return "Deeplearning4j " + Dl4jEngine.version() + " (SameDiff, oneDNN)";
    }

    @Override
    public Trainer trainer() {
        return new MiniBatchTrainer(SameDiffNetwork::new);
    }
}
