package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;

/** How weights are updated from gradients. */
public sealed interface Optimizer permits Optimizer.Adam, Optimizer.Sgd {

    String type();

    double learningRate();

    <R> R accept(Visitor<R> visitor);

    /** One method per optimizer: an engine's mapping of every optimizer. */
    interface Visitor<R> {
        R adam(Adam adam);

        R sgd(Sgd sgd);
    }

    /** Adam, with Keras' and PyTorch's defaults available through {@link #withLearningRate(double)}. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            requirePositive("learningRate", learningRate);
            requireFraction("beta1", beta1);
            requireFraction("beta2", beta2);
            requirePositive("epsilon", epsilon);
        }

        public static Adam withLearningRate(double learningRate) {
            return new Adam(learningRate, 0.9, 0.999, 1e-7);
        }

        @Override
        public String type() {
            return "adam";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.adam(this);
        }
    }

    /** Stochastic gradient descent with (classical) momentum; momentum 0 is plain SGD. */
    record Sgd(double learningRate, double momentum) implements Optimizer {
        public Sgd {
            requirePositive("learningRate", learningRate);
            requireFraction("momentum", momentum);
        }

        @Override
        public String type() {
            return "sgd";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sgd(this);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(field + " must be a positive number, got " + value);
        }
    }

    private static void requireFraction(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidInputException(field + " must be in [0, 1), got " + value);
        }
    }
}
