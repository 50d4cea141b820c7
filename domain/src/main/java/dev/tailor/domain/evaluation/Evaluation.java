package dev.tailor.domain.evaluation;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a classifier did on labelled data: accuracy, confusion matrix, per-class precision/recall/F1 and their
 * macro averages. Computed here once for every backend.
 */
public final class Evaluation {
    private final int[] truth;
    private final List<Prediction> predictions;
    private final ConfusionMatrix matrix;
    private final List<ClassMetrics> perClass;

    private Evaluation(List<String> classNames, int[] truth, List<Prediction> predictions) {
        if (truth.length != predictions.size()) {
            throw new IllegalArgumentException(truth.length + " labels but " + predictions.size() + " predictions");
        }
        this.truth = truth.clone();
        this.predictions = List.copyOf(predictions);
        int[] predicted = predictions.stream().mapToInt(Prediction::classIndex).toArray();
        this.matrix = ConfusionMatrix.of(classNames, truth, predicted);
        this.perClass = perClass(matrix);
    }

    /** Scores the classifier on every example of the dataset. */
    public static Evaluation of(Classifier classifier, Dataset dataset) {
        return of(dataset.classNames(), dataset.labels(), classifier.predictAll(dataset));
    }

    public static Evaluation of(List<String> classNames, int[] truth, List<Prediction> predictions) {
        return new Evaluation(classNames, truth, predictions);
    }

    private static List<ClassMetrics> perClass(ConfusionMatrix m) {
        List<ClassMetrics> rows = new ArrayList<>(m.classes());
        for (int c = 0; c < m.classes(); c++) {
            long hits = m.count(c, c);
            double precision = ratio(hits, m.predictedAs(c));
            double recall = ratio(hits, m.support(c));
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows.add(new ClassMetrics(m.classNames().get(c), precision, recall, f1, m.support(c)));
        }
        return List.copyOf(rows);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * Mean cross-entropy of the true class, -ln p(true), the quantity training minimises. Probabilities are clamped
     * at 1e-7 so that one confident mistake cannot make it infinite.
     */
    public double loss() {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(Math.max(predictions.get(i).probability(truth[i]), 1e-7));
        }
        return truth.length == 0 ? 0 : sum / truth.length;
    }

    public double accuracy() {
        return ratio(matrix.correct(), matrix.total());
    }

    public ConfusionMatrix confusionMatrix() {
        return matrix;
    }

    public List<ClassMetrics> perClass() {
        return perClass;
    }

    public double macroPrecision() {
        return perClass.stream().mapToDouble(ClassMetrics::precision).average().orElse(0);
    }

    public double macroRecall() {
        return perClass.stream().mapToDouble(ClassMetrics::recall).average().orElse(0);
    }

    public double macroF1() {
        return perClass.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
    }

    public List<Prediction> predictions() {
        return predictions;
    }

    public int[] truth() {
        return truth.clone();
    }

    public List<String> classNames() {
        return matrix.classNames();
    }
}
