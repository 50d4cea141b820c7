package dev.tailor.domain.inference;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.List;

/** Flip test-time augmentation: each prediction is the mean of the image's and its mirror's. */
final class FlipAveragingClassifier implements NetworkClassifier {
    private final NetworkClassifier inner;

    FlipAveragingClassifier(NetworkClassifier inner) {
        this.inner = inner;
    }

    @Override
    public ModelSpec spec() {
        return inner.spec();
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public Weights weights() {
        return inner.weights();
    }

    @Override
    public List<Prediction> predict(Images images) {
        List<Prediction> plain = inner.predict(images);
        List<Prediction> mirrored = inner.predict(images.mirrored());
        List<Prediction> mean = new ArrayList<>(plain.size());
        for (int i = 0; i < plain.size(); i++) {
            float[] a = plain.get(i).probabilities();
            float[] b = mirrored.get(i).probabilities();
            for (int c = 0; c < a.length; c++) {
                a[c] = (a[c] + b[c]) / 2;
            }
            mean.add(new Prediction(classNames(), a));
        }
        return mean;
    }

    @Override
    public void close() {
        inner.close();
    }
}
