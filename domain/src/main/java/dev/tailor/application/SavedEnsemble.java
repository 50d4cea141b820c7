package dev.tailor.application;

import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** An ensemble read back: its members, each a model, and where they are; it predicts the mean of their probabilities. */
public record SavedEnsemble(List<SavedModel> members, List<Path> memberDirectories) implements ServableModel {
    public SavedEnsemble {
        members = List.copyOf(members);
        memberDirectories = List.copyOf(memberDirectories);
    }

    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public ImageShape input() {
        return members.get(0).input();
    }

    @Override
    public List<String> classNames() {
        return members.get(0).classNames();
    }

    /** The members'; an ensemble whose members prepare images differently cannot be made (MakeEnsemble). */
    @Override
    public Preprocessing.Inversion inversion() {
        return members.get(0).inversion();
    }

    @Override
    public String trainedOn() {
        return String.join(", ", new LinkedHashSet<>(members.stream().map(m -> Objects.toString(m.trainedOn(), "unknown")).toList()));
    }

    @Override
    public String summary() {
        StringBuilder text = new StringBuilder("Ensemble of " + members.size() + " models (mean of their probabilities)\n");
        for (int i = 0; i < members.size(); i++) {
            text.append("\nmember ").append(i + 1).append(", trained on ").append(members.get(i).trainedOn()).append(":\n")
                    .append(members.get(i).summary());
        }
        return text.toString();
    }

    @Override
    public NetworkAverage average() {
        return new NetworkAverage(members.stream().map(m -> new NetworkAverage.Network(m.spec(), m.weights(), m.tta())).toList());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.ensemble(this);
    }
}
