package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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
 * A trained spec served by its own DJL block and native memory, independent of the network it came from; batch norms
 * run on their running estimates. Callers on several threads run in parallel: a forward pass only reads the
 * parameters, and each call keeps its arrays in its own sub-manager. Only {@link #close} waits for them.
 */
final class DjlClassifier implements NetworkClassifier {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final Weights weights;
    private final NDManager manager;
    private final DjlBlocks blocks;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    DjlClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        DjlEngine.start();
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.weights = weights.orderedFor(spec);
        this.manager = NDManager.newBaseManager(DjlEngine.NAME);
        this.blocks = DjlBlocks.of(spec);
        blocks.block().initialize(manager, DataType.FLOAT32, DjlBlocks.inputShape(spec, 1));
        DjlWeights.load(spec, blocks, weights);
        // Served parameters never need gradients: with none required, PyTorch records no autograd graph, whatever
        // thread calls and whatever that thread's grad mode.
        blocks.block().freezeParameters(true);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The weights it serves: inference never changes them. */
    @Override
    public Weights weights() {
        return weights;
    }

    @Override
    public List<Prediction> predict(Images images) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("this classifier has been closed");
            }
            return forward(images);
        } finally {
            closing.readLock().unlock();
        }
    }

    private List<Prediction> forward(Images images) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = DjlBlocks.inputShape(spec, images.count());
            NDArray input = scope.create(images.pixels(), shape);
            NDArray logits = blocks.block().forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow();
            float[] probabilities = logits.softmax(1).toFloatArray();
            int classes = classNames.size();
            List<Prediction> predictions = new ArrayList<>(images.count());
            for (int i = 0; i < images.count(); i++) {
                float[] row = new float[classes];
                System.arraycopy(probabilities, i * classes, row, 0, classes);
                predictions.add(new Prediction(classNames, row));
            }
            return predictions;
        }
    }

    /** Waits for the calls in flight, then frees the native memory; later calls fail. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                manager.close();
            }
        } finally {
            closing.writeLock().unlock();
        }
    }
}
