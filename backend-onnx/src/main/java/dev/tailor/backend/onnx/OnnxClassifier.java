package dev.tailor.backend.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.ServedNetwork;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * A trained spec served by ONNX Runtime: the model built in memory ({@link OnnxGraph}), one session, whose {@code run}
 * ONNX Runtime allows from several threads at once, so calls run in parallel without a lock of Tailor's.
 */
final class OnnxClassifier extends ServedNetwork {
    private final OrtSession session;

    OnnxClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        super(spec, classNames, weights);
        this.session = OnnxRuntime.session(OnnxGraph.model(spec, weights).toByteArray());
    }

    @Override
    protected float[] probabilities(Images images) {
        ImageShape in = spec().input();
        long[] shape = {images.count(), in.channels(), in.height(), in.width()};
        try (OnnxTensor input = OnnxTensor.createTensor(OnnxRuntime.environment(), FloatBuffer.wrap(images.pixels()), shape);
             OrtSession.Result result = session.run(Map.of(OnnxGraph.INPUT, input))) {
            if (!(result.get(OnnxGraph.OUTPUT).orElseThrow() instanceof OnnxTensor probabilities)) {
                throw new TailorException("ONNX Runtime gave no tensor of probabilities for " + spec().name());
            }
            FloatBuffer values = probabilities.getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        } catch (OrtException e) {
            throw new TailorException("ONNX Runtime failed to run " + spec().name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void release() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new TailorException("ONNX Runtime failed to close a session: " + e.getMessage(), e);
        }
    }
}
