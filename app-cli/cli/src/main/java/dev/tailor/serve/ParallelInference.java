package dev.tailor.serve;

import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import java.util.List;

/** Each request calls the (thread-safe) classifier on its own thread. */
final class ParallelInference implements Inference {
    private final Classifier classifier;
    private final ServerMetrics metrics;

    ParallelInference(Classifier classifier, ServerMetrics metrics) {
        this.classifier = classifier;
        this.metrics = metrics;
    }

    @Override
    public List<Prediction> classify(List<Image> images) {
        List<Prediction> predictions = classifier.predict(Images.of(images));
        metrics.engineCall(images.size());
        return predictions;
    }

    @Override
    public void close() {
    }
}
