package dev.tailor.backend.djl;

import ai.djl.nn.Parameter;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.ParameterSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import java.util.LinkedHashMap;
import java.util.Map;

/** Weights into and out of an initialised block; names and layouts already agree, so values are copied as they are. */
final class DjlWeights {
    private DjlWeights() {
    }

    static void load(ModelSpec spec, DjlBlocks blocks, Weights weights) {
        weights.requireFits(spec);
        Map<String, Parameter> parameters = blocks.parameters();
        for (ParameterSpec p : spec.parameters()) {
            parameters.get(p.name()).getArray().set(weights.get(p.name()).values());
        }
    }

    static Weights read(ModelSpec spec, DjlBlocks blocks) {
        Map<String, Parameter> parameters = blocks.parameters();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            tensors.put(p.name(), new Tensor(p.shape(), parameters.get(p.name()).getArray().toFloatArray()));
        }
        return new Weights(tensors);
    }
}
