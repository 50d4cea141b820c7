package dev.tailor.backend.dl4j;

import org.nd4j.linalg.schedule.ISchedule;

/** The learning rate the shared training loop set for the current step; ND4J's updaters read it at every update. */
final class CurrentRate implements ISchedule {
    private static final long serialVersionUID = 1L;
    private volatile double rate;

    CurrentRate(double rate) {
        this.rate = rate;
    }

    void set(double value) {
        rate = value;
    }

    double get() {
        return rate;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return rate;
    }

    /** Shared, not copied: an updater that cloned its config must still see the rate set for each step. */
    @Override
    public ISchedule clone() {
        return this;
    }
}
