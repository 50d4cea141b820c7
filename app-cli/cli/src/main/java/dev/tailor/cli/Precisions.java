package dev.tailor.cli;

import dev.tailor.domain.training.Precision;

/** How a run's precision shows in the lines that describe it: nothing for float32, every run's default. */
final class Precisions {
    private Precisions() {
    }

    static String suffix(Precision precision) {
        return switch (precision) {
            case FLOAT32 -> "";
            case BF16 -> ", bf16 arithmetic";
        };
    }
}
