package dev.tailor.config;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a network where the engine is not the point (scoring order, batching, memory): class k of ten is
 * the images whose mean pixel rounds to k/9; it counts the images of each call.
 */
final class BrightnessClassifier implements Classifier {
    static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
    final List<Integer> callSizes = new ArrayList<>();

    @Override
    public ImageShape input() {
        return new ImageShape(1, 28, 28);
    }

    @Override
    public List<String> classNames() {
        return CLASSES;
    }

    @Override
    public synchronized List<Prediction> predict(Images images) {
        callSizes.add(images.count());
        int size = images.shape().size();
        List<Prediction> out = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            double sum = 0;
            for (int p = 0; p < size; p++) {
                sum += images.pixels()[i * size + p];
            }
            float[] probabilities = new float[10];
            probabilities[(int) Math.round(9 * sum / size)] = 1;
            out.add(new Prediction(CLASSES, probabilities));
        }
        return out;
    }

    /** A 28x28 PNG whose every pixel is {@code 255 * level / 9}. */
    static byte[] png(int level) {
        return ImageBombTest.grayPngFilled(28, 28, (byte) Math.round(255 * level / 9.0));
    }
}
