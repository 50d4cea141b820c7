package dev.tailor.backend.dl4j;

import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.EngineBackend;
import dev.tailor.domain.training.MiniBatchTrainer;
import dev.tailor.domain.training.Trainer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Deeplearning4j: Tailor specs as SameDiff graphs, run by libnd4j with oneDNN kernels. */
public final class Dl4jBackend extends EngineBackend {
    public static final String NAME = "dl4j";

    /** Ranked below DJL: it trains the seed CNN at about half DJL's speed on a 2-core CPU (docs/results.md). */
    public Dl4jBackend() {
        super(NAME, 0, new SameDiffNetworks());
    }

    @Override
    public String engine() {
        return "Deeplearning4j " + Dl4jEngine.version() + " (SameDiff, oneDNN)";
    }

    @Override
    public void useThreads(int threads) {
        Dl4jEngine.configure(threads);
    }

    /** Runs one blank image through the inference graph and reads each layer's output shape. */
    @Override
    public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
        SameDiffGraph graph = SameDiffGraph.forInference(spec, Weights.initial(spec, 0));
        ImageShape in = spec.input();
        INDArray blank = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, in.channels(), in.height(), in.width());
        Map<String, INDArray> outputs = graph.sameDiff().output(Map.of(SameDiffGraph.INPUT, blank),
                graph.layerOutputs().stream().distinct().toArray(String[]::new));
        return graph.layerOutputs().stream().map(name -> shapeOf(outputs.get(name).shape())).toList();
    }

    private static FeatureShape shapeOf(long[] batchShape) {
        return batchShape.length == 4
                ? new ImageShape((int) batchShape[1], (int) batchShape[2], (int) batchShape[3])
                : new FlatShape((int) batchShape[1]);
    }
}
