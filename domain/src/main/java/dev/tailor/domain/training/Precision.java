package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import java.util.Locale;

/**
 * The number format a network trains in. Weights, optimizer state, batch norm and the loss are always float32; only
 * the arithmetic of convolutions and dense layers changes.
 */
public enum Precision {
    /** Everything in float32: the same results on every engine. */
    FLOAT32,
    /**
     * Convolutions and dense layers take bfloat16 copies of their inputs and weights and give float32 results
     * (autocast, as PyTorch calls it): about twice the speed on CPUs with bfloat16 instructions (AVX-512 BF16, AMX),
     * for 8 bits of mantissa in those products.
     */
    BF16;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision fromId(String id) {
        for (Precision p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new InvalidInputException("unknown precision '" + id + "'; expected float32 or bf16");
    }
}
