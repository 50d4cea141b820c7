package dev.tailor.backend.djl;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.BatchCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/** Weights into and out of an initialised block; names and layouts already agree, so values are copied as they are. */
final class DjlWeights {
    private DjlWeights() {
    }

    /** Copies every tensor DJL holds into its parameter; batch counters are the caller's. */
    static void load(ModelSpec spec, DjlBlocks blocks, Weights weights) {
        weights.requireFits(spec);
        for (TensorSpec t : spec.tensors()) {
            blocks.parameter(t).ifPresent(p -> p.getArray().set(weights.get(t.name()).values()));
        }
    }

    /** Every declared tensor: from DJL's parameters, batch counters from {@code counters}. */
    static Weights read(ModelSpec spec, DjlBlocks blocks, BatchCounters counters) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec t : spec.tensors()) {
            tensors.put(t.name(), blocks.parameter(t)
                    .map(p -> new Tensor(t.shape(), p.getArray().toFloatArray()))
                    .orElseGet(() -> counters.tensor(t)));
        }
        return new Weights(tensors);
    }
}
