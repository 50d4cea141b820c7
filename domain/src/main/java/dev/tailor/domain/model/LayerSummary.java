package dev.tailor.domain.model;

import dev.tailor.domain.model.layer.Layer;

/**
 * One row of a model summary: a named layer, nested {@code depth} levels deep, with the elements of its tensors
 * (nested layers' included) that training updates and those it does not (running statistics, counters).
 */
public record LayerSummary(String name, int depth, LayerNode node, long trainable, long nonTrainable) {

    public Layer layer() {
        return node.layer();
    }

    public FeatureShape inputShape() {
        return node.input();
    }

    public FeatureShape outputShape() {
        return node.output();
    }

    /** Every element, as Keras' "Param #" counts them. */
    public long parameters() {
        return trainable + nonTrainable;
    }
}
