package dev.tailor.domain.training;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PyTorch's {@code num_batches_tracked} of every batch norm in a spec. No engine keeps such a counter, so a network
 * under training counts its steps here, from the values in the weights it started from, and reports the counters
 * with the rest of its weights. Not thread-safe: one training loop drives it.
 */
public final class BatchCounters {
    private final Map<String, Long> start = new HashMap<>();
    private final Set<String> frozen = new HashSet<>();
    private long steps;

    public BatchCounters(ModelSpec spec, Weights initial) {
        this(spec, initial, Set.of());
    }

    /** The counters of {@code frozen} batch norms stay where they start: a frozen batch norm runs as at inference. */
    public BatchCounters(ModelSpec spec, Weights initial, Set<String> frozen) {
        for (TensorSpec t : spec.tensors()) {
            if (t.role() == TensorSpec.Role.BATCH_COUNTER) {
                start.put(t.name(), initial.get(t.name()).longValues()[0]);
                if (frozen.contains(t.name())) {
                    this.frozen.add(t.name());
                }
            }
        }
    }

    /** Counters at zero, as in a network that never trained. */
    public static BatchCounters fresh(ModelSpec spec) {
        return new BatchCounters(spec, Weights.initial(spec, 0));
    }

    /** One training batch went through every batch norm. */
    public void step() {
        steps++;
    }

    /** The counter's current value, as the int64 scalar PyTorch saves. */
    public Tensor tensor(TensorSpec counter) {
        Long first = start.get(counter.name());
        if (first == null) {
            throw new IllegalArgumentException(counter.name() + " is not a batch counter of this spec");
        }
        return Tensor.int64(List.of(), new long[] {frozen.contains(counter.name()) ? first : first + steps});
    }
}
