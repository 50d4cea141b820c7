package dev.tailor.backend.dl4j;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained spec served by a SameDiff inference graph (no dropout, batch norms on their running estimates). */
final class Dl4jClassifier implements NetworkClassifier {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final Weights weights;
    private final SameDiffGraph graph;

    Dl4jClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.weights = weights.orderedFor(spec);
        this.graph = SameDiffGraph.forInference(spec, weights);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Not serialised: SameDiff keeps each calling thread's inference state apart, and the weights are only read. */
    @Override
    public List<Prediction> predict(Images images) {
        INDArray input = Tensors.images(images);
        INDArray probabilities = graph.sameDiff().outputSingle(Map.of(SameDiffGraph.INPUT, input), SameDiffGraph.PROBABILITIES);
        try {
            List<Prediction> predictions = new ArrayList<>(images.count());
            for (float[] row : probabilities.toFloatMatrix()) {
                predictions.add(new Prediction(classNames, row));
            }
            return predictions;
        } finally {
            Tensors.free(List.of(input, probabilities));
            // SameDiff (1.0.0-M2.1) keeps a session per calling thread, for good, and each session remembers the id of
            // every array it has freed: 8 threads x 1,000,000 predictions filled a 256 MiB heap. A session is cheap to
            // make again, so each call ends its own.
            graph.sameDiff().getSessions().remove(Thread.currentThread().getId());
        }
    }

    /** Inference sessions SameDiff holds for calling threads: none between calls. */
    int openSessions() {
        return graph.sameDiff().getSessions().size();
    }

    /** The weights it serves: inference never changes them. */
    @Override
    public Weights weights() {
        return weights;
    }
}
