package dev.tailor.domain.spi;

import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.Trainer;
import java.util.Set;

/** A backend whose engine also trains: the capability {@code train}, {@code compare}, {@code sweep} and {@code bench} need. */
public interface TrainingBackend extends Backend {
    Trainer trainer();

    /** The number formats it trains in ({@code training.precision}); {@link Precision#FLOAT32} always. */
    Set<Precision> precisions();
}
