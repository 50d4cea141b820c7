package dev.tailor.domain.inference;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Several classifiers of the same classes voting softly: each prediction is the mean of the members' probabilities.
 * Members may be different networks, trained on different engines. Closing it closes every member.
 */
public final class EnsembleClassifier implements Classifier {
    private final List<Classifier> members;

    public EnsembleClassifier(List<? extends Classifier> members) {
        if (members.isEmpty()) {
            throw new InvalidInputException("an ensemble needs at least one member");
        }
        for (Classifier member : members) {
            if (!member.classNames().equals(members.get(0).classNames())) {
                throw new InvalidInputException("ensemble members must predict the same classes, in the same order; got "
                        + members.get(0).classNames() + " and " + member.classNames());
            }
            if (!member.input().equals(members.get(0).input())) {
                throw new InvalidInputException("ensemble members must take the same images; got " + members.get(0).input()
                        + " and " + member.input());
            }
        }
        this.members = List.copyOf(members);
    }

    public List<Classifier> members() {
        return members;
    }

    @Override
    public List<String> classNames() {
        return members.get(0).classNames();
    }

    @Override
    public ImageShape input() {
        return members.get(0).input();
    }

    @Override
    public List<Prediction> predict(Images images) {
        float[][] sum = null;
        for (Classifier member : members) {
            List<Prediction> predictions = member.predict(images);
            if (sum == null) {
                sum = new float[predictions.size()][];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = new float[classNames().size()];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                float[] p = predictions.get(i).probabilities();
                for (int c = 0; c < p.length; c++) {
                    sum[i][c] += p[c];
                }
            }
        }
        List<Prediction> mean = new ArrayList<>(sum.length);
        for (float[] total : sum) {
            for (int c = 0; c < total.length; c++) {
                total[c] /= members.size();
            }
            mean.add(new Prediction(classNames(), total));
        }
        return mean;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Classifier member : members) {
            try {
                member.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
