package dev.tailor.domain.augmentation;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Changes made to training images, batch by batch, before an engine sees them: a random shift of up to {@code shift}
 * pixels each way with zeros filling in (the same as padding by {@code shift} and cropping at random), a horizontal
 * flip with probability one half, and random erasing. Computed here from the run's seed and the epoch, so every
 * engine trains on exactly the same pixels.
 */
public record Augmentation(int shift, boolean flip, Optional<RandomErasing> erase) {
    public static final Augmentation NONE = new Augmentation(0, false, Optional.empty());

    public Augmentation {
        if (shift < 0) {
            throw new InvalidInputException("shift must be 0 or more pixels, got " + shift);
        }
        if (erase == null) {
            erase = Optional.empty();
        }
    }

    public boolean isNone() {
        return shift == 0 && !flip && erase.isEmpty();
    }

    /** Checks these changes fit images of {@code shape}. */
    public void requireFits(ImageShape shape) {
        if (shift >= Math.min(shape.height(), shape.width())) {
            throw new InvalidInputException("shift " + shift + " would move " + shape.height() + "x" + shape.width()
                    + " images entirely out of view; use fewer pixels than the image has");
        }
    }

    /** The draws of one epoch (1-based), fixed by the run's seed, consumed image by image in batch order. */
    public EpochAugmenter forEpoch(long runSeed, int epoch) {
        long seed = new SplittableRandom(runSeed ^ 0x2545F4914F6CDD1DL).split().nextLong() ^ (0xD1B54A32D192ED03L * epoch);
        return new EpochAugmenter(this, new SplittableRandom(seed));
    }
}
