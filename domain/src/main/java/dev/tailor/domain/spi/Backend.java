package dev.tailor.domain.spi;

import dev.tailor.domain.training.Trainer;

/**
 * Backend SPI, found with {@link java.util.ServiceLoader}: one deep-learning engine behind Tailor's ports.
 * Register an implementation in {@code META-INF/services/dev.tailor.domain.spi.Backend}.
 */
public interface Backend {

    /** The name users write in configs, e.g. {@code dl4j}. */
    String name();

    /** Engine and version, for provenance, e.g. {@code Deeplearning4j 1.0.0-M2.1 (SameDiff, oneDNN)}. */
    String engine();

    Trainer trainer();
}
