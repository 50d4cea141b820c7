package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;

/** Labelled images for one training or evaluation step. Treat the arrays as read-only. */
public record Batch(Images images, int[] labels) {
    public Batch {
        if (labels.length != images.count()) {
            throw new InvalidInputException("a batch of " + images.count() + " images needs as many labels, got " + labels.length);
        }
    }

    public int size() {
        return labels.length;
    }
}
