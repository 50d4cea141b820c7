package dev.tailor.domain.training;

import dev.tailor.domain.Ids;
import dev.tailor.domain.InvalidInputException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The number format a network trains in. Weights, their gradients, optimizer state and the loss are always float32,
 * and so is every trained model.
 */
public enum Precision {
    /** Everything in float32: the same results on every engine. */
    FLOAT32,
    /**
     * Convolutions and dense layers compute on bfloat16 copies of their inputs and weights, and the activations
     * between them stay bfloat16 (8 bits of mantissa); the logits are float32. Pays on CPUs with bfloat16
     * instructions (AVX-512 BF16, AMX) and on wide layers at large batches (docs/results.md).
     */
    BF16;

    public String id() {
        return Ids.lowerCase(this);
    }

    public static Precision fromId(String id) {
        return Ids.parse(values(), Precision::id, id, "precision");
    }

    /** Refuses this precision, in one line naming what {@code backend} trains in instead, unless it is {@code offered}. */
    public void requireOfferedBy(String backend, Set<Precision> offered) {
        if (!offered.contains(this)) {
            throw new InvalidInputException("training.precision '" + id() + "' is not offered by the " + backend
                    + " backend (it trains in " + offered.stream().map(Precision::id).sorted().collect(Collectors.joining(", "))
                    + "); choose another backend or precision");
        }
    }
}
