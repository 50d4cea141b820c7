package dev.tailor.backend.dl4j;

import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.ServedNetwork;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained spec served by {@link OpProgram}s of its inference graph (no dropout, batch norms on their running
 * estimates), which skip the per-op bookkeeping of SameDiff's session. A program runs on one thread at a time and its
 * graph's ops carry state (reduction axes, scalars), so each calling thread takes a program of its own graph from a pool
 * and gives it back; the pool grows to the number of threads calling at once.
 */
final class Dl4jClassifier extends ServedNetwork {
    /**
     * The most images whose arrays a program keeps between calls: up to the batches a whole dataset is scored in, whose
     * arrays kept made best-cpu's batch inference 1.2x faster than closing them after each call (docs/results.md, "DL4J
     * serves through its op program") for 37 MiB more; a larger batch's are closed when its call ends rather than held
     * by an idle program.
     */
    static final int KEPT_BATCH = Classifier.BATCH;

    private final Deque<OpProgram> idle = new ConcurrentLinkedDeque<>();

    Dl4jClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        super(spec, classNames, weights);
        // One program now, so that a spec this backend cannot run fails when the model loads, not on its first call.
        idle.push(newProgram());
    }

    @Override
    protected float[] probabilities(Images images) {
        OpProgram program = idle.poll();
        if (program == null) {
            program = newProgram();
        }
        INDArray input = Tensors.images(images);
        float[] values;
        try {
            program.run(input);
            INDArray probabilities = program.value(SameDiffGraph.PROBABILITIES);
            values = probabilities.reshape(probabilities.length()).toFloatVector();
        } catch (RuntimeException | Error e) {
            // A program an op failed in may hold arrays of mixed shapes: dropped, the next caller gets a fresh one.
            program.release();
            throw e;
        } finally {
            Tensors.free(input);
        }
        if (images.count() > KEPT_BATCH) {
            program.release();
        }
        idle.push(program);
        return values;
    }

    private OpProgram newProgram() {
        SameDiffGraph graph = SameDiffGraph.forInference(spec(), weights());
        return OpProgram.forward(graph.sameDiff(), List.of(SameDiffGraph.INPUT), List.of(SameDiffGraph.PROBABILITIES));
    }

    @Override
    protected void release() {
        idle.forEach(OpProgram::release);
        idle.clear();
    }

    /** Programs waiting for a call: as many as threads have called at once. */
    int idlePrograms() {
        return idle.size();
    }
}
