package dev.tailor.domain.evaluation;

import dev.tailor.domain.inference.Prediction;
import java.util.Arrays;
import java.util.List;

/**
 * Two classifiers' predictions on the same examples, side by side: how often they agree, who alone gets what right,
 * and McNemar's exact test of whether their accuracy differs by more than chance.
 */
public record PairedComparison(String first, String second, long examples, long samePrediction, long bothRight,
                               long onlyFirstRight, long onlySecondRight, long bothWrong, double mcNemarP) {

    public static PairedComparison of(String first, Evaluation a, String second, Evaluation b) {
        int[] truth = a.truth();
        if (!Arrays.equals(truth, b.truth())) {
            throw new IllegalArgumentException("the two evaluations were not made on the same examples");
        }
        List<Prediction> pa = a.predictions();
        List<Prediction> pb = b.predictions();
        long same = 0, both = 0, onlyA = 0, onlyB = 0, neither = 0;
        for (int i = 0; i < truth.length; i++) {
            int ca = pa.get(i).classIndex();
            int cb = pb.get(i).classIndex();
            same += ca == cb ? 1 : 0;
            boolean rightA = ca == truth[i];
            boolean rightB = cb == truth[i];
            if (rightA && rightB) {
                both++;
            } else if (rightA) {
                onlyA++;
            } else if (rightB) {
                onlyB++;
            } else {
                neither++;
            }
        }
        return new PairedComparison(first, second, truth.length, same, both, onlyA, onlyB, neither,
                McNemar.exactPValue(onlyA, onlyB));
    }

    /** Share of examples on which both predict the same class, right or wrong. */
    public double agreement() {
        return examples == 0 ? 0 : (double) samePrediction / examples;
    }
}
