package dev.tailor.domain.training;

/** Port: trains a spec on a dataset, reporting each batch and epoch, and returns the classifier and its history. */
public interface Trainer {
    TrainingResult train(TrainingRequest request, TrainingListener listener);
}
