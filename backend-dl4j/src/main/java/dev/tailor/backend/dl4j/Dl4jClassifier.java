package dev.tailor.backend.dl4j;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.ServedNetwork;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained spec served by a SameDiff inference graph (no dropout, batch norms on their running estimates). SameDiff
 * keeps each calling thread's inference state apart, and the weights are only read, so calls run in parallel.
 */
final class Dl4jClassifier extends ServedNetwork {
    private final SameDiffGraph graph;

    Dl4jClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        super(spec, classNames, weights);
        this.graph = SameDiffGraph.forInference(spec, weights);
    }

    @Override
    protected float[] probabilities(Images images) {
        INDArray input = Tensors.images(images);
        INDArray probabilities = graph.sameDiff().outputSingle(Map.of(SameDiffGraph.INPUT, input), SameDiffGraph.PROBABILITIES);
        try {
            float[][] rows = probabilities.toFloatMatrix();
            float[] all = new float[rows.length * rows[0].length];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, all, i * rows[i].length, rows[i].length);
            }
            return all;
        } finally {
            Tensors.free(List.of(input, probabilities));
            // SameDiff (1.0.0-M2.1) keeps a session per calling thread, for good, and each session remembers the id of
            // every array it has freed: 8 threads x 1,000,000 predictions filled a 256 MiB heap. A session is cheap to
            // make again, so each call ends its own.
            graph.sameDiff().getSessions().remove(Thread.currentThread().getId());
        }
    }

    /** The graph's arrays are the JVM's to collect: nothing to free early. */
    @Override
    protected void release() {
        graph.sameDiff().getSessions().clear();
    }

    /** Inference sessions SameDiff holds for calling threads: none between calls. */
    int openSessions() {
        return graph.sameDiff().getSessions().size();
    }
}
