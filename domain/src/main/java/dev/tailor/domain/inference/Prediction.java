package dev.tailor.domain.inference;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** What a classifier says about one image: a probability per class; the predicted class is the most probable. */
public record Prediction(List<String> classNames, float[] probabilities) {

    /** A class and its probability. */
    public record Score(int classIndex, String className, float probability) {
    }

    public Prediction {
        classNames = List.copyOf(classNames);
        if (probabilities.length != classNames.size()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + classNames.size() + " classes");
        }
        probabilities = probabilities.clone();
    }

    /** Index of the most probable class (the first one on a tie). */
    public int classIndex() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public String className() {
        return classNames.get(classIndex());
    }

    public float probability() {
        return probabilities[classIndex()];
    }

    public float probability(int classIndex) {
        return probabilities[classIndex];
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The {@code k} most probable classes, most probable first. */
    public List<Score> top(int k) {
        return IntStream.range(0, probabilities.length)
                .mapToObj(i -> new Score(i, classNames.get(i), probabilities[i]))
                .sorted(Comparator.comparingDouble(Score::probability).reversed())
                .limit(k)
                .toList();
    }

    /** Largest absolute difference between this and another prediction's probabilities. */
    public double maxDifference(Prediction other) {
        double max = 0;
        for (int i = 0; i < probabilities.length; i++) {
            max = Math.max(max, Math.abs(probabilities[i] - other.probabilities[i]));
        }
        return max;
    }
}
