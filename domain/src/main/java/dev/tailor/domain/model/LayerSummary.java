package dev.tailor.domain.model;

/** One row of a model summary: a named layer, the shape it produces and its trainable parameters. */
public record LayerSummary(String name, Layer layer, FeatureShape inputShape, FeatureShape outputShape, long parameters) {
}
