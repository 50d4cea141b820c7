package dev.tailor.domain.spi;

import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;

/**
 * Backend SPI, found with {@link java.util.ServiceLoader}: one engine behind Tailor's ports that serves trained
 * networks. An engine that also trains implements {@link TrainingBackend}; one that only infers implements this alone.
 * Register an implementation in {@code META-INF/services/dev.tailor.domain.spi.Backend}.
 */
public interface Backend {

    /** The name users write in configs, e.g. {@code dl4j}. */
    String name();

    /**
     * How strongly to prefer this backend when a config or model names none: the installed backend with the highest
     * preference serves (and, among those that train, trains). Backends rank themselves by measured speed on CPU.
     */
    int preference();

    /** Engine and version, for provenance, e.g. {@code Deeplearning4j 1.0.0-M2.1 (SameDiff, oneDNN)}. */
    String engine();

    /**
     * Sets how many threads the engine computes with, for the whole process. Engines size their thread pools once,
     * when they start, so only the first setting counts: call it before anything else (describing the engine, training
     * or predicting starts it, with every core when nobody chose).
     */
    void useThreads(int threads);

    /**
     * A classifier for weights trained anywhere, on any backend: the spec and the tensors (PyTorch names and
     * layouts) are all an engine needs. Throws {@link dev.tailor.domain.model.InvalidSpecException} if they do not fit.
     */
    NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights);

    /**
     * The output shape of every layer of the spec as the engine itself computes it, one per layer: a check that the
     * engine builds the network the domain describes.
     */
    List<FeatureShape> layerOutputShapes(ModelSpec spec);
}
