package dev.tailor.application;

/**
 * What a finished run records beside its model and metrics, for experiments that read it back.
 *
 * @param initialWeights   fingerprint of the weights it started from ({@link dev.tailor.domain.model.Weights#fingerprint()})
 * @param inferenceSeconds time to predict every test image
 * @param peakMemoryBytes  the highest resident memory of the process seen while it trained and predicted
 */
public record RunFacts(String initialWeights, double inferenceSeconds, long peakMemoryBytes) {
}
