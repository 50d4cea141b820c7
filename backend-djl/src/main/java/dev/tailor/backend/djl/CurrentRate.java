package dev.tailor.backend.djl;

import ai.djl.training.tracker.Tracker;

/** The learning rate the shared training loop set for the current step; DJL's optimizers read it when they update. */
final class CurrentRate implements Tracker {
    private volatile float rate;

    CurrentRate(double rate) {
        set(rate);
    }

    void set(double value) {
        rate = (float) value;
    }

    float get() {
        return rate;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rate;
    }
}
