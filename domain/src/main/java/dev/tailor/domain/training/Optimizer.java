package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;

/**
 * How weights are updated from gradients, with PyTorch's meaning of weight decay: an L2 term added to the gradient for
 * {@link Adam} and {@link Sgd}, decoupled from it for {@link AdamW} (Loshchilov and Hutter).
 */
public sealed interface Optimizer permits Optimizer.Adam, Optimizer.AdamW, Optimizer.Sgd {

    String type();

    /** The peak rate; a {@link Schedule} scales it step by step. */
    double learningRate();

    WeightDecay weightDecay();

    /** True when weight decay shrinks the weights directly (AdamW), false when it is an L2 term in the gradient. */
    boolean decouplesWeightDecay();

    <R> R accept(Visitor<R> visitor);

    /** One method per optimizer: an engine's mapping of every optimizer. */
    interface Visitor<R> {
        R adam(Adam adam);

        R adamW(AdamW adamW);

        R sgd(Sgd sgd);
    }

    /** Adam; weight decay, if any, is added to the gradient (L2), as in {@code torch.optim.Adam}. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, WeightDecay weightDecay) implements Optimizer {
        public Adam {
            requireAdam(learningRate, beta1, beta2, epsilon);
        }

        public Adam(double learningRate, double beta1, double beta2, double epsilon) {
            this(learningRate, beta1, beta2, epsilon, WeightDecay.NONE);
        }

        /** Keras' defaults: betas 0.9 and 0.999, epsilon 1e-7. */
        public static Adam withLearningRate(double learningRate) {
            return new Adam(learningRate, 0.9, 0.999, 1e-7);
        }

        @Override
        public String type() {
            return "adam";
        }

        @Override
        public boolean decouplesWeightDecay() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.adam(this);
        }
    }

    /** Adam with decoupled weight decay: each step also shrinks decayed weights by learningRate x weightDecay. */
    record AdamW(double learningRate, double beta1, double beta2, double epsilon, WeightDecay weightDecay) implements Optimizer {
        /** PyTorch's default decay for AdamW. */
        public static final double DEFAULT_WEIGHT_DECAY = 0.01;

        public AdamW {
            requireAdam(learningRate, beta1, beta2, epsilon);
        }

        @Override
        public String type() {
            return "adamw";
        }

        @Override
        public boolean decouplesWeightDecay() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.adamW(this);
        }
    }

    /** Stochastic gradient descent with Nesterov momentum (0 for plain SGD); weight decay is L2, as in {@code torch.optim.SGD}. */
    record Sgd(double learningRate, double momentum, WeightDecay weightDecay) implements Optimizer {
        public Sgd {
            requirePositive("learningRate", learningRate);
            requireFraction("momentum", momentum);
        }

        public Sgd(double learningRate, double momentum) {
            this(learningRate, momentum, WeightDecay.NONE);
        }

        @Override
        public String type() {
            return "sgd";
        }

        @Override
        public boolean decouplesWeightDecay() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sgd(this);
        }
    }

    private static void requireAdam(double learningRate, double beta1, double beta2, double epsilon) {
        requirePositive("learningRate", learningRate);
        requireFraction("beta1", beta1);
        requireFraction("beta2", beta2);
        requirePositive("epsilon", epsilon);
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
