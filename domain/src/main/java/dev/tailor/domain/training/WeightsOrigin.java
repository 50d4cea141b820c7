package dev.tailor.domain.training;

/** Where a run's starting weights came from when they were not drawn: a trained model's path and its weights' SHA-256. */
public record WeightsOrigin(String path, String sha256) {
}
