package dev.tailor.application;

import dev.tailor.domain.training.TrainingCheckpoint;

/**
 * What a run saves after each epoch to survive being killed: the training checkpoint, the backend that wrote it, and the
 * fingerprint of the weights the run started from (so the resumed run's provenance is the uninterrupted one's).
 */
public record RunCheckpoint(String backend, String initialWeights, TrainingCheckpoint checkpoint) {
}
