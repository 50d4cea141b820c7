package dev.tailor.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.ExportingBackend;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime: serves any Tailor model (inference only: it cannot train) from the ONNX graph Tailor builds of it, and
 * writes that graph as a file ({@code tailor export --format onnx}).
 */
public final class OnnxBackend implements ExportingBackend {
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    /** Below the engines that train: a model names the one that trained it, and that one serves it unless asked. */
    @Override
    public int preference() {
        return 0;
    }

    @Override
    public String engine() {
        return OnnxRuntime.version();
    }

    @Override
    public void useThreads(int threads) {
        OnnxRuntime.useThreads(threads);
    }

    @Override
    public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
        return new OnnxClassifier(spec, classNames, weights);
    }

    /** Runs one zero image through the graph with every layer's output exposed, and reads their shapes. */
    @Override
    public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
        ImageShape in = spec.input();
        OnnxGraph.Exposed exposed = OnnxGraph.withLayerOutputs(spec, Weights.initial(spec, 0));
        try (OrtSession session = OnnxRuntime.session(exposed.model().toByteArray());
             OnnxTensor input = OnnxTensor.createTensor(OnnxRuntime.environment(), FloatBuffer.allocate(in.size()),
                     new long[] {1, in.channels(), in.height(), in.width()});
             OrtSession.Result result = session.run(Map.of(OnnxGraph.INPUT, input))) {
            List<FeatureShape> shapes = new ArrayList<>();
            for (String output : exposed.layerOutputs()) {
                shapes.add(shape(result.get(output).orElseThrow()));
            }
            return shapes;
        } catch (OrtException e) {
            throw new TailorException("ONNX Runtime failed to run " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    private static FeatureShape shape(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new TailorException("ONNX Runtime gave a " + value.getType() + " where a tensor was expected");
        }
        long[] dims = tensor.getInfo().getShape();
        return dims.length == 4 ? new ImageShape((int) dims[1], (int) dims[2], (int) dims[3]) : new FlatShape((int) dims[1]);
    }

    @Override
    public String format() {
        return NAME;
    }

    @Override
    public byte[] export(NetworkAverage model, Map<String, String> metadata) {
        return OnnxGraph.model(model, metadata.getOrDefault("tailor.version", ""), metadata).toByteArray();
    }
}
