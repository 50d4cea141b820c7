package dev.tailor.backend.dl4j;

import dev.tailor.domain.data.Images;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Tailor's arrays and ND4J's; the only place the two meet. */
final class Tensors {
    private Tensors() {
    }

    static INDArray images(Images images) {
        return Nd4j.create(images.pixels(), new long[] {images.count(), images.shape().channels(),
                images.shape().height(), images.shape().width()}, 'c');
    }

    static INDArray oneHot(int[] labels, int classes) {
        float[] values = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            values[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(values, new long[] {labels.length, classes}, 'c');
    }
}
