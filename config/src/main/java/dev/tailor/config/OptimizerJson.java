package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.WeightDecay;

/**
 * {@code {"type":"adam","learningRate":0.001}}, {@code {"type":"adamw","weightDecay":0.05}} or
 * {@code {"type":"sgd","learningRate":0.01,"momentum":0.9,"weightDecay":5e-4}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = OptimizerJson.Adam.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = OptimizerJson.Adam.class, name = "adam"),
        @JsonSubTypes.Type(value = OptimizerJson.AdamW.class, name = "adamw"),
        @JsonSubTypes.Type(value = OptimizerJson.Sgd.class, name = "sgd")})
sealed interface OptimizerJson extends JsonForm<Optimizer> {

    /** Keras' defaults for anything left out; weight decay, if any, is L2. */
    record Adam(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay, Boolean decayBiasAndNorm)
            implements OptimizerJson {
        @Override
        public Optimizer toDomain() {
            Optimizer.Adam d = Optimizer.Adam.withLearningRate(1e-3);
            return new Optimizer.Adam(or(learningRate, d.learningRate()), or(beta1, d.beta1()), or(beta2, d.beta2()),
                    or(epsilon, d.epsilon()), decay(weightDecay, 0, decayBiasAndNorm));
        }
    }

    /** Adam's defaults, and PyTorch's decoupled decay of 0.01 unless given. */
    record AdamW(Double learningRate, Double beta1, Double beta2, Double epsilon, Double weightDecay, Boolean decayBiasAndNorm)
            implements OptimizerJson {
        @Override
        public Optimizer toDomain() {
            Optimizer.Adam d = Optimizer.Adam.withLearningRate(1e-3);
            return new Optimizer.AdamW(or(learningRate, d.learningRate()), or(beta1, d.beta1()), or(beta2, d.beta2()),
                    or(epsilon, d.epsilon()), decay(weightDecay, Optimizer.AdamW.DEFAULT_WEIGHT_DECAY, decayBiasAndNorm));
        }
    }

    /** Plain SGD at 0.01 unless given; momentum is Nesterov's; weight decay, if any, is L2. */
    record Sgd(Double learningRate, Double momentum, Double weightDecay, Boolean decayBiasAndNorm) implements OptimizerJson {
        @Override
        public Optimizer toDomain() {
            return new Optimizer.Sgd(or(learningRate, 0.01), or(momentum, 0.0), decay(weightDecay, 0, decayBiasAndNorm));
        }
    }

    static OptimizerJson from(Optimizer optimizer) {
        return optimizer.accept(new Optimizer.Visitor<>() {
            @Override
            public OptimizerJson adam(Optimizer.Adam a) {
                return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon(), a.weightDecay().rate(),
                        a.weightDecay().includeBiasAndNorm());
            }

            @Override
            public OptimizerJson adamW(Optimizer.AdamW a) {
                return new AdamW(a.learningRate(), a.beta1(), a.beta2(), a.epsilon(), a.weightDecay().rate(),
                        a.weightDecay().includeBiasAndNorm());
            }

            @Override
            public OptimizerJson sgd(Optimizer.Sgd s) {
                return new Sgd(s.learningRate(), s.momentum(), s.weightDecay().rate(), s.weightDecay().includeBiasAndNorm());
            }
        });
    }

    private static WeightDecay decay(Double rate, double fallback, Boolean includeBiasAndNorm) {
        return new WeightDecay(or(rate, fallback), includeBiasAndNorm != null && includeBiasAndNorm);
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
