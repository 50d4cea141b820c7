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

    /** A rows x columns matrix of {@code values}, row by row. */
    static INDArray matrix(float[] values, int rows, int columns) {
        return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }

    /**
     * Frees the native buffers of arrays Tailor made and no longer needs, now rather than when the garbage collector
     * finds them: ND4J otherwise holds them until then. Views and workspace arrays are left to their owners.
     */
    static void free(Iterable<INDArray> arrays) {
        for (INDArray array : arrays) {
            free(array);
        }
    }

    /** As {@link #free(Iterable)}; a null (an array not made yet) is skipped. */
    static void free(INDArray... arrays) {
        for (INDArray array : arrays) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
    }
}
