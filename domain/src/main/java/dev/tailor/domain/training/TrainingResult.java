package dev.tailor.domain.training;

import dev.tailor.domain.inference.Classifier;

/** A trained classifier and how it got there. */
public record TrainingResult(Classifier classifier, TrainingHistory history) {
}
