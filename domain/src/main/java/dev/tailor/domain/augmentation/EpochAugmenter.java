package dev.tailor.domain.augmentation;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to the batches of one epoch. Every image takes its draws in a fixed order (shift,
 * flip, erasing), so the result depends only on the seed and the batches. Not thread-safe: one training loop drives it.
 */
public final class EpochAugmenter {
    /** Tries before erasing gives up on an image whose drawn rectangle does not fit, as torchvision does. */
    private static final int ERASE_ATTEMPTS = 10;

    private final Augmentation augmentation;
    private final SplittableRandom random;

    EpochAugmenter(Augmentation augmentation, SplittableRandom random) {
        this.augmentation = augmentation;
        this.random = random;
    }

    /** The batch with its images changed; the labels are the same. */
    public Batch apply(Batch batch) {
        if (augmentation.isNone()) {
            return batch;
        }
        Images images = batch.images();
        ImageShape shape = images.shape();
        float[] pixels = images.pixels().clone();
        float[] scratch = new float[shape.size()];
        for (int i = 0; i < images.count(); i++) {
            int offset = i * shape.size();
            if (augmentation.shift() > 0) {
                shift(pixels, offset, shape, scratch);
            }
            if (augmentation.flip() && random.nextBoolean()) {
                Images.mirror(pixels, offset, shape);
            }
            if (augmentation.erase().isPresent()) {
                erase(pixels, offset, shape, augmentation.erase().get());
            }
        }
        return new Batch(new Images(shape, images.count(), pixels), batch.labels());
    }

    /** Moves the image by (dx, dy) drawn from [-shift, shift]; what moves in is zero. */
    private void shift(float[] pixels, int offset, ImageShape shape, float[] scratch) {
        int s = augmentation.shift();
        int dx = random.nextInt(2 * s + 1) - s;
        int dy = random.nextInt(2 * s + 1) - s;
        if (dx == 0 && dy == 0) {
            return;
        }
        int h = shape.height();
        int w = shape.width();
        Arrays.fill(scratch, 0f);
        for (int c = 0; c < shape.channels(); c++) {
            int plane = c * h * w;
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                int fromX = Math.max(0, -dx);
                int toX = Math.max(0, dx);
                System.arraycopy(pixels, offset + plane + (y - dy) * w + fromX, scratch, plane + y * w + toX, w - Math.abs(dx));
            }
        }
        System.arraycopy(scratch, 0, pixels, offset, shape.size());
    }

    private void erase(float[] pixels, int offset, ImageShape shape, RandomErasing erasing) {
        if (random.nextDouble() >= erasing.probability()) {
            return;
        }
        int h = shape.height();
        int w = shape.width();
        double logMinAspect = Math.log(erasing.minAspect());
        for (int attempt = 0; attempt < ERASE_ATTEMPTS; attempt++) {
            double area = h * w * (erasing.minArea() + random.nextDouble() * (erasing.maxArea() - erasing.minArea()));
            double aspect = Math.exp(logMinAspect + random.nextDouble() * -2 * logMinAspect);
            int eh = (int) Math.round(Math.sqrt(area * aspect));
            int ew = (int) Math.round(Math.sqrt(area / aspect));
            if (eh < 1 || ew < 1 || eh >= h || ew >= w) {
                continue;
            }
            int top = random.nextInt(h - eh + 1);
            int left = random.nextInt(w - ew + 1);
            for (int c = 0; c < shape.channels(); c++) {
                for (int y = top; y < top + eh; y++) {
                    int row = offset + c * h * w + y * w;
                    for (int x = left; x < left + ew; x++) {
                        pixels[row + x] = switch (erasing.fill()) {
                            case RANDOM -> (float) random.nextDouble();
                            case ZERO -> 0f;
                        };
                    }
                }
            }
            return;
        }
    }
}
