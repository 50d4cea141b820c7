package dev.tailor.domain.spi;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every engine's classifier has in common: the spec, class names and weights it serves, probabilities turned into
 * predictions, and closing. Calls on several threads run in parallel (an engine's forward pass only reads); close waits
 * for the calls in flight, frees the engine's memory once, and later calls fail. An engine supplies the forward pass.
 */
public abstract class ServedNetwork implements NetworkClassifier {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final Weights weights;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    protected ServedNetwork(ModelSpec spec, List<String> classNames, Weights weights) {
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.weights = weights.orderedFor(spec);
    }

    /** Every image's class probabilities, one row of {@code classNames().size()} after another. */
    protected abstract float[] probabilities(Images images);

    /** Frees what the engine holds for this classifier; called once, with no call in flight. */
    protected abstract void release();

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final List<String> classNames() {
        return classNames;
    }

    /** The weights it serves: inference never changes them. */
    @Override
    public final Weights weights() {
        return weights;
    }

    @Override
    public final List<Prediction> predict(Images images) {
        float[] probabilities;
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this classifier has been closed");
            }
            probabilities = probabilities(images);
        } finally {
            closing.readLock().unlock();
        }
        int classes = classNames.size();
        List<Prediction> predictions = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            float[] row = new float[classes];
            System.arraycopy(probabilities, i * classes, row, 0, classes);
            predictions.add(new Prediction(classNames, row));
        }
        return predictions;
    }

    @Override
    public final void close() {
        closing.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release();
            }
        } finally {
            closing.writeLock().unlock();
        }
    }
}
