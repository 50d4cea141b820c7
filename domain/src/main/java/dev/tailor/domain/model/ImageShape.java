package dev.tailor.domain.model;

/** Channels x height x width, the layout every backend uses (NCHW with the batch). */
public record ImageShape(int channels, int height, int width) implements FeatureShape {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new InvalidSpecException(
                    "image shape must be positive in every dimension, got " + channels + "x" + height + "x" + width);
        }
    }

    @Override
    public int size() {
        return channels * height * width;
    }

    @Override
    public String describe() {
        return "(None, " + channels + ", " + height + ", " + width + ")";
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
