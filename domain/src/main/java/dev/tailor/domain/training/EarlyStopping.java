package dev.tailor.domain.training;

import dev.tailor.domain.Ids;
import dev.tailor.domain.InvalidInputException;

/**
 * Stops training when the monitored validation score has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row; the weights of the best epoch are kept.
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta) {

    /** What is watched, and which way is better. */
    public enum Monitor {
        VALIDATION_LOSS("validationLoss"), VALIDATION_ACCURACY("validationAccuracy");

        private final String id;

        Monitor(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Monitor fromId(String id) {
            return Ids.parse(values(), Monitor::id, id, "monitor");
        }

        /** Whether {@code candidate} beats {@code best} by more than {@code minDelta}. */
        boolean improves(double candidate, double best, double minDelta) {
            return switch (this) {
                case VALIDATION_LOSS -> candidate < best - minDelta;
                case VALIDATION_ACCURACY -> candidate > best + minDelta;
            };
        }
    }

    public EarlyStopping {
        if (monitor == null) {
            throw new InvalidInputException("monitor must be validationLoss or validationAccuracy");
        }
        if (patience < 1) {
            throw new InvalidInputException("patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new InvalidInputException("minDelta must be zero or a positive number, got " + minDelta);
        }
    }
}
