package dev.tailor.domain.training;

import dev.tailor.domain.data.DataOrigin;
import java.time.Instant;

/**
 * Where a trained model came from: which Tailor, backend and engine trained it, how (the whole training config,
 * seed included), on which data (its origin and how many images were fitted) and when. The data source fills the
 * origin, the trainer the rest.
 */
public record Provenance(String tailorVersion, String backend, String engine, TrainingConfig training, DataOrigin data,
                         int trainImages, Instant trainedAt) {

    /** The same, with the origin of other data the run read (the test set it was scored on). */
    public Provenance withData(DataOrigin more) {
        return new Provenance(tailorVersion, backend, engine, training, data.and(more), trainImages, trainedAt);
    }
}
