package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;

/**
 * The learning rate of every step, computed here so that every engine takes the same rate. Rates are fractions of
 * the optimizer's {@code learningRate}, the peak.
 */
public sealed interface Schedule permits Schedule.Constant, Schedule.StepDecay, Schedule.Cosine, Schedule.OneCycle {

    /** The rate of step {@code step} (0-based) of a run of {@code totalSteps}, with {@code stepsPerEpoch} per epoch. */
    double rate(double peak, long step, long totalSteps, int stepsPerEpoch);

    String type();

    <R> R accept(Visitor<R> visitor);

    /** One method per schedule: a file format's mapping of every schedule. */
    interface Visitor<R> {
        R constant(Constant schedule);

        R step(StepDecay schedule);

        R cosine(Cosine schedule);

        R oneCycle(OneCycle schedule);
    }

    /** How a one-cycle schedule falls after its warm-up. */
    enum Decay { COSINE, LINEAR }

    /** The optimizer's rate throughout. */
    record Constant() implements Schedule {
        @Override
        public double rate(double peak, long step, long totalSteps, int stepsPerEpoch) {
            return peak;
        }

        @Override
        public String type() {
            return "constant";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.constant(this);
        }
    }

    /** The rate times {@code factor} after every {@code everyEpochs} epochs. */
    record StepDecay(int everyEpochs, double factor) implements Schedule {
        public StepDecay {
            if (everyEpochs < 1) {
                throw new InvalidInputException("everyEpochs must be at least 1, got " + everyEpochs);
            }
            if (!(factor > 0 && factor < 1)) {
                throw new InvalidInputException("factor multiplies the rate at each step down and must be in (0, 1), got " + factor);
            }
        }

        @Override
        public double rate(double peak, long step, long totalSteps, int stepsPerEpoch) {
            long completedEpochs = step / stepsPerEpoch;
            return peak * Math.pow(factor, completedEpochs / everyEpochs);
        }

        @Override
        public String type() {
            return "step";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.step(this);
        }
    }

    /** Half a cosine from the peak at the first step to {@code floor} times the peak at the last. */
    record Cosine(double floor) implements Schedule {
        public Cosine {
            requireFraction("floor", floor);
        }

        @Override
        public double rate(double peak, long step, long totalSteps, int stepsPerEpoch) {
            return peak * cosine(floor, progress(step, 0, totalSteps));
        }

        @Override
        public String type() {
            return "cosine";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.cosine(this);
        }
    }

    /**
     * Smith's one cycle: a linear warm-up from {@code start} times the peak to the peak over the first {@code warmup}
     * share of the steps, then a cosine or linear fall to {@code floor} times the peak at the last step.
     */
    record OneCycle(double warmup, double start, Decay decay, double floor) implements Schedule {
        public static final double DEFAULT_WARMUP = 0.3;
        public static final double DEFAULT_START = 0.04;

        public OneCycle {
            if (!(warmup >= 0 && warmup < 1)) {
                throw new InvalidInputException("warmup is the share of training spent warming up and must be in [0, 1), got "
                        + warmup);
            }
            requireFraction("start", start);
            requireFraction("floor", floor);
            if (decay == null) {
                throw new InvalidInputException("decay must be cosine or linear");
            }
        }

        @Override
        public double rate(double peak, long step, long totalSteps, int stepsPerEpoch) {
            long warmupSteps = (long) Math.floor(warmup * totalSteps);
            if (step < warmupSteps) {
                return peak * (start + (1 - start) * step / warmupSteps);
            }
            double t = progress(step, warmupSteps, totalSteps);
            return peak * switch (decay) {
                case COSINE -> cosine(floor, t);
                case LINEAR -> 1 - (1 - floor) * t;
            };
        }

        @Override
        public String type() {
            return "oneCycle";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.oneCycle(this);
        }
    }

    /** How far {@code step} is from {@code first} to the last step: 0 at {@code first}, 1 at the last. */
    private static double progress(long step, long first, long totalSteps) {
        long span = totalSteps - 1 - first;
        return span <= 0 ? 0 : Math.min(1, (double) (step - first) / span);
    }

    private static double cosine(double floor, double t) {
        return floor + (1 - floor) * (1 + Math.cos(Math.PI * t)) / 2;
    }

    private static void requireFraction(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidInputException(field + " is a fraction of the learning rate and must be in [0, 1], got " + value);
        }
    }
}
