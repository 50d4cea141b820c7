package dev.tailor.application;

import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.Preprocessing;
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
 * @param inversion how image files are prepared for it, as its training images were (RunData)
 */
public record SavedModel(ModelSpec spec, List<String> classNames, Weights weights, TestTimeAugmentation tta, String trainedOn,
                         String engine, String createdAt, Preprocessing.Inversion inversion) implements ServableModel {
    public SavedModel {
        classNames = List.copyOf(classNames);
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** A model trained on light-on-dark data, as Fashion-MNIST is. */
    public SavedModel(ModelSpec spec, List<String> classNames, Weights weights, TestTimeAugmentation tta, String trainedOn,
                      String engine, String createdAt) {
        this(spec, classNames, weights, tta, trainedOn, engine, createdAt, Preprocessing.Inversion.AUTO);
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
    public NetworkAverage average() {
        return NetworkAverage.of(spec, weights, tta);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.single(this);
    }
}
