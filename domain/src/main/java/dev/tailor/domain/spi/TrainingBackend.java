package dev.tailor.domain.spi;

import dev.tailor.domain.training.Trainer;

/** A backend whose engine also trains: the capability {@code train}, {@code compare}, {@code sweep} and {@code bench} need. */
public interface TrainingBackend extends Backend {
    Trainer trainer();
}
