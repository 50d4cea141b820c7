package dev.tailor.serve;

import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Prediction;
import java.util.List;

/** How requests reach the engine: each on its own thread, or gathered into shared engine calls. */
interface Inference extends AutoCloseable {
    /** One prediction per image, in order; called from many request threads at once. */
    List<Prediction> classify(List<Image> images);

    @Override
    void close();
}
