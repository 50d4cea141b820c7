package dev.tailor.domain.inference;

import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;

/** A classifier that is one network: its spec and its trained weights can be read back, saved and moved. */
public interface NetworkClassifier extends Classifier {

    ModelSpec spec();

    @Override
    default ImageShape input() {
        return spec().input();
    }

    /** A copy of the trained weights, in PyTorch layouts and names. */
    Weights weights();
}
