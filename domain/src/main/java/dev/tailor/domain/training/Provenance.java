package dev.tailor.domain.training;

import dev.tailor.domain.data.DataOrigin;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a trained model came from: which Tailor, backend and engine trained it, how (the whole training config,
 * seed included), on which data (its origin and how many images were fitted) and when. The data source fills the
 * origin, the trainer the rest.
 *
 * @param startedFrom the trained model the starting weights came from (transfer learning), if they were not drawn
 */
public record Provenance(String tailorVersion, String backend, String engine, TrainingConfig training, DataOrigin data,
                         int trainImages, Instant trainedAt, Optional<WeightsOrigin> startedFrom) {

    /** Weights drawn afresh. */
    public Provenance(String tailorVersion, String backend, String engine, TrainingConfig training, DataOrigin data,
                      int trainImages, Instant trainedAt) {
        this(tailorVersion, backend, engine, training, data, trainImages, trainedAt, Optional.empty());
    }

    /** The same, with the origin of other data the run read (the test set it was scored on). */
    public Provenance withData(DataOrigin more) {
        return new Provenance(tailorVersion, backend, engine, training, data.and(more), trainImages, trainedAt, startedFrom);
    }

    public Provenance withStartedFrom(Optional<WeightsOrigin> origin) {
        return new Provenance(tailorVersion, backend, engine, training, data, trainImages, trainedAt, origin);
    }
}
