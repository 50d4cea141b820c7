package dev.tailor.application;

import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.util.List;

/** What a model directory holds and any backend can serve: one trained network, or an ensemble of them. */
public sealed interface ServableModel permits SavedModel, SavedEnsemble {

    ImageShape input();

    List<String> classNames();

    /** How image files are prepared for it: as its training images were. */
    Preprocessing.Inversion inversion();

    /** Its name for clients (the Open Inference Protocol's model name): the spec's, or {@code ensemble}. */
    String name();

    /** The backends that trained it, e.g. {@code djl}, or {@code djl, dl4j} for a mixed ensemble; null if unrecorded. */
    String trainedOn();

    /** A readable summary: the network's layers, or each member's. */
    String summary();

    /** What it computes, whole: its networks, each with its test-time augmentation, whose probabilities are averaged. */
    NetworkAverage average();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of model, so that adding a kind makes the compiler list every place that must handle it. */
    interface Visitor<R> {
        R single(SavedModel model);

        R ensemble(SavedEnsemble ensemble);
    }
}
