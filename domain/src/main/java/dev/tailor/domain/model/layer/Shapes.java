package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;

/** Checks and shape arithmetic that several layers share. */
final class Shapes {
    private Shapes() {
    }

    static ImageShape pooled(ImageShape in, int size, int stride, String type) {
        if (size > in.height() || size > in.width()) {
            throw new InvalidSpecException(type + " window " + size + "x" + size + " is larger than its input "
                    + in.height() + "x" + in.width());
        }
        return new ImageShape(in.channels(), (in.height() - size) / stride + 1, (in.width() - size) / stride + 1);
    }

    static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new InvalidSpecException(field + " must be at least 1, got " + value);
        }
    }

    static ImageShape requireImage(FeatureShape input, Layer layer) {
        if (input instanceof ImageShape image) {
            return image;
        }
        throw new InvalidSpecException(layer.type() + " needs a channels x height x width input, got a flat vector of "
                + input.size() + " (put it before the flatten layer)");
    }

    static FlatShape requireFlat(FeatureShape input, Layer layer) {
        if (input instanceof FlatShape flat) {
            return flat;
        }
        throw new InvalidSpecException(layer.type() + " needs a flat input, got " + input
                + " (add a flatten or globalAvgPool layer before it)");
    }
}
