package dev.tailor.domain.training;

import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.NetworkClassifier;
import java.util.Optional;

/**
 * A trained classifier (the kept epoch's weights, predicting with the configured test-time augmentation), how it got
 * there, its evaluation on the test set (when one was given), so callers need not predict the same images again, and
 * where it came from.
 */
public record TrainingResult(NetworkClassifier classifier, TrainingHistory history, Optional<Evaluation> testEvaluation,
                             Provenance provenance) {
}
