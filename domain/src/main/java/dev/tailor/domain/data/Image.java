package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;

/** One image: pixels in [0, 1], channels x height x width, row-major. Treat the array as read-only. */
public record Image(ImageShape shape, float[] pixels) {
    public Image {
        if (pixels.length != shape.size()) {
            throw new InvalidInputException("an image of shape " + shape + " needs " + shape.size()
                    + " pixels, got " + pixels.length);
        }
    }
}
