package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Port: labelled images with class names. Pixels are normalised to [0, 1].
 * Shuffling and splitting are computed here, so every backend sees the same order for the same seed.
 */
public interface Dataset {

    ImageShape shape();

    List<String> classNames();

    int size();

    /** Class index of example {@code index}, in 0..classNames().size()-1. */
    int label(int index);

    /** Writes the normalised pixels of example {@code index} into {@code target} from {@code offset}. */
    void copyPixels(int index, float[] target, int offset);

    /** Where the examples came from, for provenance; a subset or reordering keeps its source's origin. */
    default DataOrigin origin() {
        return DataOrigin.IN_MEMORY;
    }

    default Image image(int index) {
        float[] pixels = new float[shape().size()];
        copyPixels(index, pixels, 0);
        return new Image(shape(), pixels);
    }

    /** The examples at the given positions, in that order; no pixels are copied. */
    default Dataset select(int[] indices) {
        return new DatasetView(this, indices);
    }

    /** The first {@code count} examples (all of them if there are fewer). */
    default Dataset take(int count) {
        if (count < 0) {
            throw new InvalidInputException("cannot take a negative number of examples: " + count);
        }
        int n = Math.min(count, size());
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        return select(first);
    }

    /**
     * A seeded split holding out {@code share} of every class (rounded per class), so both parts keep the classes'
     * proportions. Both keep the stored order.
     */
    default DataSplit stratifiedSplit(double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new InvalidInputException("validation share must be between 0 and 1, got " + share);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = labels();
        boolean[] held = new boolean[size()];
        for (int c = 0; c < classNames().size(); c++) {
            int cls = c;
            int[] members = IntStream.range(0, size()).filter(i -> labels[i] == cls).toArray();
            for (int i = members.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = members[i];
                members[i] = members[j];
                members[j] = tmp;
            }
            long count = Math.round(members.length * share);
            for (int k = 0; k < count; k++) {
                held[members[k]] = true;
            }
        }
        int[] fit = IntStream.range(0, size()).filter(i -> !held[i]).toArray();
        int[] validation = IntStream.range(0, size()).filter(i -> held[i]).toArray();
        return new DataSplit(select(fit), select(validation));
    }

    /** Mini-batches in stored order; the last one may be smaller. */
    default Iterable<Batch> batches(int batchSize) {
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        return batches(batchSize, order);
    }

    /** Mini-batches in an order fixed by {@code seed}; the last one may be smaller. */
    default Iterable<Batch> shuffledBatches(int batchSize, long seed) {
        return batches(batchSize, Shuffle.permutation(size(), seed));
    }

    private Iterable<Batch> batches(int batchSize, int[] order) {
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be at least 1, got " + batchSize);
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int count = Math.min(batchSize, order.length - next);
                int pixelsPerImage = shape().size();
                float[] pixels = new float[count * pixelsPerImage];
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    copyPixels(order[next + i], pixels, i * pixelsPerImage);
                    labels[i] = label(order[next + i]);
                }
                next += count;
                return new Batch(new Images(shape(), count, pixels), labels);
            }
        };
    }

    /** Number of batches {@link #batches(int)} yields. */
    default int batchCount(int batchSize) {
        return (size() + batchSize - 1) / batchSize;
    }

    default int[] labels() {
        int[] labels = new int[size()];
        Arrays.setAll(labels, this::label);
        return labels;
    }

    /** Examples per class, indexed like {@link #classNames()}. */
    default int[] classCounts() {
        int[] counts = new int[classNames().size()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }
}
