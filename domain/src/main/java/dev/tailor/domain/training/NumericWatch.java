package dev.tailor.domain.training;

import dev.tailor.domain.TailorException;
import dev.tailor.domain.model.Weights;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches a run's numbers and stops it at the first non-finite one, saying what it was and what it points to. The loss
 * is checked every step; every tensor (weights and running estimates) once an epoch and whenever a step's loss jumps,
 * since a NaN in a running estimate does not show in the training loss. A loss that grew before it failed is the
 * learning rate's doing; a NaN that appears while the loss is steady is not, and the message says so.
 */
final class NumericWatch {
    /** The weight of each step's loss in the running mean. */
    private static final double SMOOTHING = 0.05;
    /** A step's loss this many times the running mean is a jump: the tensors are looked at then. */
    private static final double JUMP = 4;
    /** The running mean this many times its lowest value: the loss was growing. */
    private static final double GROWTH = 1.5;

    private double mean = Double.NaN;
    private double lowest = Double.POSITIVE_INFINITY;

    /** After each step ({@code batch} counts from 1); {@code weights} is asked for only when something looks wrong. */
    void step(double loss, int epoch, int batch, Supplier<Weights> weights) {
        if (!Double.isFinite(loss)) {
            throw failure(epoch, batch, "the loss became " + loss, weights.get().firstNonFinite());
        }
        boolean jumped = loss > JUMP * mean;
        mean = Double.isNaN(mean) ? loss : mean + SMOOTHING * (loss - mean);
        lowest = Math.min(lowest, mean);
        if (jumped) {
            Optional<String> bad = weights.get().firstNonFinite();
            if (bad.isPresent()) {
                throw failure(epoch, batch, "the loss jumped to " + format(loss), bad);
            }
        }
    }

    /** After each epoch's last step ({@code batches} of them): every tensor must be finite. */
    void epochEnd(Weights weights, int epoch, int batches) {
        Optional<String> bad = weights.firstNonFinite();
        if (bad.isPresent()) {
            throw failure(epoch, batches, "the loss stayed finite", bad);
        }
    }

    private TailorException failure(int epoch, int batch, String what, Optional<String> tensor) {
        String where = String.format(Locale.ROOT, "epoch %d, batch %d: %s%s", epoch, batch, what,
                tensor.map(t -> " and " + t).orElse(" while every tensor is finite"));
        if (Double.isNaN(mean)) {
            return new TailorException("a non-finite number appeared in " + where + ", the run's first step, before any "
                    + "update: a numerical fault in the engine, not the learning rate (see \"Known engine issues\" in "
                    + "docs/results.md)");
        }
        if (mean > GROWTH * lowest) {
            return new TailorException("training diverged in " + where + ", after the loss grew from " + format(lowest)
                    + " to " + format(mean) + "; try a smaller learning rate");
        }
        return new TailorException("a non-finite number appeared in " + where + ", while the loss was steady at about "
                + format(mean) + ": a numerical fault in the engine, not the learning rate (see \"Known engine issues\" "
                + "in docs/results.md)");
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
