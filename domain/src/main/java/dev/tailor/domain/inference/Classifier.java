package dev.tailor.domain.inference;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Port: something trained that classifies images: one network ({@link NetworkClassifier}) or several voting
 * ({@link EnsembleClassifier}). Implementations are safe to call from several threads. Close it to free the engine's
 * native memory early; otherwise it is freed when collected.
 */
public interface Classifier extends AutoCloseable {
    /** Images per engine call when predicting a whole dataset. */
    int BATCH = 256;

    List<String> classNames();

    /** The images it takes, as prepared for the network (channels, height, width). */
    ImageShape input();

    /** One prediction per image, in order. */
    List<Prediction> predict(Images images);

    default Prediction predict(Image image) {
        return predict(Images.of(List.of(image))).get(0);
    }

    /**
     * Predictions for every example of a dataset, in its order, computed in batches of {@value #BATCH}: large enough
     * to amortise each engine call, small enough that the engines reuse their activation buffers instead of asking the
     * system for fresh memory every call (measured: docs/results.md, "Page faults").
     */
    default List<Prediction> predictAll(Dataset dataset) {
        List<Prediction> all = new ArrayList<>(dataset.size());
        for (Batch batch : dataset.batches(BATCH)) {
            all.addAll(predict(batch.images()));
        }
        return all;
    }

    @Override
    default void close() {
    }
}
