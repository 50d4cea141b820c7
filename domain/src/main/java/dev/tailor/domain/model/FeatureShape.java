package dev.tailor.domain.model;

/** The shape of what flows between layers, for one example (no batch dimension). */
public sealed interface FeatureShape permits ImageShape, FlatShape {
    /** Number of values in one example. */
    int size();

    /** Keras-style shape text with the batch dimension first, e.g. {@code (None, 32, 26, 26)}. */
    String describe();
}
