package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import java.util.List;

/**
 * A block of images stored contiguously (count x channels x height x width), the form engines consume.
 * Treat the array as read-only.
 */
public record Images(ImageShape shape, int count, float[] pixels) {
    public Images {
        if (count < 0 || pixels.length != (long) count * shape.size()) {
            throw new InvalidInputException(count + " images of shape " + shape + " need "
                    + (long) count * shape.size() + " pixels, got " + pixels.length);
        }
    }

    /** The same images mirrored left to right. */
    public Images mirrored() {
        float[] copy = pixels.clone();
        for (int i = 0; i < count; i++) {
            mirror(copy, i * shape.size(), shape);
        }
        return new Images(shape, count, copy);
    }

    /** Mirrors, in place, the image of {@code shape} that starts at {@code offset}. */
    public static void mirror(float[] pixels, int offset, ImageShape shape) {
        int w = shape.width();
        for (int row = 0; row < shape.channels() * shape.height(); row++) {
            int start = offset + row * w;
            for (int x = 0; x < w / 2; x++) {
                float tmp = pixels[start + x];
                pixels[start + x] = pixels[start + w - 1 - x];
                pixels[start + w - 1 - x] = tmp;
            }
        }
    }

    public static Images of(List<Image> images) {
        if (images.isEmpty()) {
            throw new InvalidInputException("no images given");
        }
        ImageShape shape = images.get(0).shape();
        float[] pixels = new float[images.size() * shape.size()];
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (!image.shape().equals(shape)) {
                throw new InvalidInputException("images in one batch must share a shape: " + shape + " and " + image.shape());
            }
            System.arraycopy(image.pixels(), 0, pixels, i * shape.size(), shape.size());
        }
        return new Images(shape, images.size(), pixels);
    }
}
