package dev.tailor.domain.model;

/** A vector of features, as after a flatten or a dense layer. */
public record FlatShape(int size) implements FeatureShape {
    public FlatShape {
        if (size < 1) {
            throw new InvalidSpecException("a flat shape must have at least one value, got " + size);
        }
    }

    @Override
    public String describe() {
        return "(None, " + size + ")";
    }

    @Override
    public String toString() {
        return String.valueOf(size);
    }
}
