package dev.tailor.domain.spi;

import java.io.Serializable;

/**
 * The learning rate the shared training loop set for the current step. An engine's optimizer reads it at every update
 * through the engine's own schedule type; one holder, shared (never copied), whatever the engine clones. Serializable
 * for engines that serialise their optimizer settings.
 */
public final class StepRate implements Serializable {
    private static final long serialVersionUID = 1L;
    private volatile double rate;

    public StepRate(double rate) {
        this.rate = rate;
    }

    public void set(double value) {
        rate = value;
    }

    public double get() {
        return rate;
    }
}
