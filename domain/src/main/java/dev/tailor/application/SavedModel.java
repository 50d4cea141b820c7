package dev.tailor.application;

import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;

/**
 * A model read back from its directory: one trained network, as any backend serves it.
 *
 * @param tta       how the model is meant to predict: test-time augmentation recorded when it was trained
 * @param trainedOn the backend that trained it; null if unrecorded
 */
public record SavedModel(ModelSpec spec, List<String> classNames, Weights weights, TestTimeAugmentation tta, String trainedOn,
                         String engine, String createdAt) implements ServableModel {
    public SavedModel {
        classNames = List.copyOf(classNames);
    }

    @Override
    public ImageShape input() {
        return spec.input();
    }

    @Override
    public String summary() {
        return spec.summary();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.single(this);
    }
}
