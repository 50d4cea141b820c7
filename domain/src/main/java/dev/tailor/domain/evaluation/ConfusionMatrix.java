package dev.tailor.domain.evaluation;

import java.util.Arrays;
import java.util.List;

/** Counts of (true class, predicted class) pairs; rows are the true class. */
public final class ConfusionMatrix {
    private final List<String> classNames;
    private final long[][] counts;

    private ConfusionMatrix(List<String> classNames, long[][] counts) {
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
    }

    public static ConfusionMatrix of(List<String> classNames, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        int n = classNames.size();
        long[][] counts = new long[n][n];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    public List<String> classNames() {
        return classNames;
    }

    public int classes() {
        return classNames.size();
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, rows = true class. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    public long correct() {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i][i];
        }
        return sum;
    }

    /** Examples whose true class is {@code c}. */
    public long support(int c) {
        return Arrays.stream(counts[c]).sum();
    }

    /** Examples predicted as {@code c}. */
    public long predictedAs(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && classNames.equals(other.classNames) && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }
}
