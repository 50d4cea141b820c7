package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tailor.domain.training.Optimizer;

/** {@code {"type":"adam","learningRate":0.001}} or {@code {"type":"sgd","learningRate":0.01,"momentum":0.9}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = OptimizerJson.Adam.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = OptimizerJson.Adam.class, name = "adam"),
        @JsonSubTypes.Type(value = OptimizerJson.Sgd.class, name = "sgd")})
sealed interface OptimizerJson {
    String TYPES = "adam, sgd";

    Optimizer toDomain();

    /** Keras' defaults for anything left out. */
    record Adam(Double learningRate, Double beta1, Double beta2, Double epsilon) implements OptimizerJson {
        public Adam(Double learningRate, Double beta1, Double beta2, Double epsilon) {
            this.learningRate = learningRate;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Optimizer toDomain() {
            Optimizer.Adam defaults = Optimizer.Adam.withLearningRate(1e-3);
            return new Optimizer.Adam(or(learningRate, defaults.learningRate()), or(beta1, defaults.beta1()),
                    or(beta2, defaults.beta2()), or(epsilon, defaults.epsilon()));
        }
    }

    record Sgd(Double learningRate, Double momentum) implements OptimizerJson {
        public Sgd(Double learningRate, Double momentum) {
            this.learningRate = learningRate;
            this.momentum = momentum;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Optimizer toDomain() {
            return new Optimizer.Sgd(or(learningRate, 0.01), or(momentum, 0.0));
        }
    }

    static OptimizerJson from(Optimizer optimizer) {
        return optimizer.accept(new Optimizer.Visitor<>() {
            @Override
            public OptimizerJson adam(Optimizer.Adam a) {
                return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon());
            }

            @Override
            public OptimizerJson sgd(Optimizer.Sgd s) {
                return new Sgd(s.learningRate(), s.momentum());
            }
        });
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
