package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each schedule's rate at chosen steps, against its formula worked out by hand (peak 0.1, 10 epochs of 100 steps). */
class ScheduleTest {
    private static final double PEAK = 0.1;
    private static final long TOTAL = 1000;
    private static final int PER_EPOCH = 100;

    private static double at(Schedule schedule, long step) {
        return schedule.rate(PEAK, step, TOTAL, PER_EPOCH);
    }

    @Test
    void constantIsThePeakThroughout() {
        assertThat(at(new Schedule.Constant(), 0)).isEqualTo(PEAK);
        assertThat(at(new Schedule.Constant(), 999)).isEqualTo(PEAK);
    }

    @Test
    void stepDecayMultipliesByTheFactorEveryFewEpochs() {
        Schedule halving = new Schedule.StepDecay(3, 0.5);

        assertThat(at(halving, 299)).isEqualTo(0.1);
        assertThat(at(halving, 300)).isEqualTo(0.05);
        assertThat(at(halving, 599)).isEqualTo(0.05);
        assertThat(at(halving, 600)).isEqualTo(0.025);
        assertThat(at(halving, 999)).isEqualTo(0.0125);
    }

    @Test
    void cosineFallsFromThePeakToTheFloorAlongHalfACosine() {
        Schedule cosine = new Schedule.Cosine(0.1);

        assertThat(at(cosine, 0)).isEqualTo(0.1);
        // Halfway (t = 0.5): floor + (1 - floor) / 2 of the peak.
        assertThat(cosine.rate(PEAK, 500, 1001, PER_EPOCH)).isCloseTo(0.1 * (0.1 + 0.9 * 0.5), within(1e-15));
        // A quarter of the way: (1 + cos(pi / 4)) / 2.
        assertThat(cosine.rate(PEAK, 250, 1001, PER_EPOCH)).isCloseTo(0.1 * (0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2), within(1e-15));
        assertThat(at(cosine, 999)).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void oneCycleWarmsUpLinearlyThenFallsToItsFloor() {
        Schedule cosine = new Schedule.OneCycle(0.3, 0.04, Schedule.Decay.COSINE, 0);
        Schedule linear = new Schedule.OneCycle(0.3, 0.04, Schedule.Decay.LINEAR, 0.01);

        // 300 warm-up steps from 0.04 of the peak.
        assertThat(at(cosine, 0)).isCloseTo(0.004, within(1e-15));
        assertThat(at(cosine, 150)).isCloseTo(0.1 * (0.04 + 0.96 * 0.5), within(1e-15));
        assertThat(at(cosine, 300)).isCloseTo(0.1, within(1e-15));
        // Then 699 steps to the last: halfway down the cosine at step 300 + 349.5.
        assertThat(cosine.rate(PEAK, 650, 1001, PER_EPOCH)).isCloseTo(0.05, within(1e-15));
        assertThat(at(cosine, 999)).isCloseTo(0, within(1e-15));
        assertThat(linear.rate(PEAK, 650, 1001, PER_EPOCH)).isCloseTo(0.1 * (1 - 0.99 * 0.5), within(1e-15));
        assertThat(at(linear, 999)).isCloseTo(0.001, within(1e-15));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new Schedule.OneCycle(1.2, 0.04, Schedule.Decay.COSINE, 0))
                .hasMessage("warmup is the share of training spent warming up and must be in [0, 1), got 1.2");
        assertThatThrownBy(() -> new Schedule.Cosine(-0.1)).hasMessageContaining("floor is a fraction of the learning rate");
        assertThatThrownBy(() -> new Schedule.StepDecay(0, 0.5)).hasMessage("everyEpochs must be at least 1, got 0");
        assertThatThrownBy(() -> new Schedule.StepDecay(2, 1.5)).hasMessageContaining("factor");
    }
}
