package dev.tailor.backend.dl4j;

import dev.tailor.domain.spi.StepRate;
import org.nd4j.linalg.schedule.ISchedule;

/** ND4J's schedule type over the training loop's rate for the current step; its updaters read it at every update. */
final class StepSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private final StepRate rate;

    StepSchedule(StepRate rate) {
        this.rate = rate;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return rate.get();
    }

    /** Shared, not copied: an updater that cloned its config must still see the rate set for each step. */
    @Override
    public ISchedule clone() {
        return this;
    }
}
