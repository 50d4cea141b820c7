package dev.tailor.domain.training;

import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import java.util.Optional;

/**
 * A trained classifier, how it got there, and its evaluation on the held-out set after the last epoch (when one
 * was given), so callers need not predict the same images again.
 */
public record TrainingResult(Classifier classifier, TrainingHistory history, Optional<Evaluation> heldOutEvaluation) {
}
