package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.ModelSpec;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How to train: epochs, batch size, optimizer and its schedule, augmentation, label smoothing, validation (with
 * early stopping), when to score the test set, test-time augmentation, seed, engine threads, where the starting
 * weights come from and the number format of the arithmetic. The same config and seed on the same backend and thread count give identical results.
 *
 * <p>The baseline is the recipe of the Keras notebook Tailor set out to reproduce and beat (the seed CNN,
 * {@link dev.tailor.domain.model.ModelPresets#SEED_CNN}, at about 89.5% test accuracy): what a config leaves out
 * takes the baseline's value.
 *
 * @param testEachEpoch score the test set after every epoch (the baseline did), or only once at the end
 * @param transfer      start from a trained model's weights, some layers frozen (none: the weights {@code init} says)
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, Schedule schedule, Augmentation augmentation,
                             LabelSmoothing labelSmoothing, Validation validation, boolean testEachEpoch,
                             TestTimeAugmentation tta, long seed, int threads, Initialization init, Precision precision,
                             Optional<Transfer> transfer) {

    /** The baseline's settings: 5 epochs of Adam 1e-3 at batch 32, Keras' Glorot-uniform start. */
    public static final TrainingConfig BASELINE = new TrainingConfig(5, 32, Optimizer.Adam.withLearningRate(1e-3), 42, 2);

    /** The baseline's recipe: a constant rate, no augmentation nor validation, the test set scored every epoch. */
    public TrainingConfig(int epochs, int batchSize, Optimizer optimizer, long seed, int threads, Initialization init) {
        this(epochs, batchSize, optimizer, new Schedule.Constant(), Augmentation.NONE, LabelSmoothing.NONE, Validation.NONE,
                true, TestTimeAugmentation.NONE, seed, threads, init, Precision.FLOAT32, Optional.empty());
    }

    /** The baseline's recipe, starting from Tailor's Glorot-uniform weights. */
    public TrainingConfig(int epochs, int batchSize, Optimizer optimizer, long seed, int threads) {
        this(epochs, batchSize, optimizer, seed, threads, Initialization.GLOROT);
    }

    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidInputException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        if (optimizer == null || schedule == null || augmentation == null || labelSmoothing == null || validation == null
                || tta == null || init == null || precision == null || transfer == null) {
            throw new InvalidInputException("a training config needs an optimizer, schedule, augmentation, label smoothing, "
                    + "validation, tta, init, precision and transfer (empty for none)");
        }
    }

    /** The tensors of {@code spec} that training leaves as they start: those of layers its transfer freezes. */
    public Set<String> frozenTensors(ModelSpec spec) {
        return transfer.map(t -> t.frozenTensors(spec)).orElse(Set.of());
    }

    /** The rate of step {@code step} (0-based) of {@code totalSteps}, {@code stepsPerEpoch} to an epoch. */
    public double learningRate(long step, long totalSteps, int stepsPerEpoch) {
        return schedule.rate(optimizer.learningRate(), step, totalSteps, stepsPerEpoch);
    }

    /** A copy with some settings changed: {@code config.with(t -> t.epochs(3).seed(7))}. */
    public TrainingConfig with(UnaryOperator<Builder> changes) {
        return changes.apply(new Builder(this)).build();
    }

    /** The settings of a {@link TrainingConfig} being changed; {@link #build()} validates them. */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private Optimizer optimizer;
        private Schedule schedule;
        private Augmentation augmentation;
        private LabelSmoothing labelSmoothing;
        private Validation validation;
        private boolean testEachEpoch;
        private TestTimeAugmentation tta;
        private long seed;
        private int threads;
        private Initialization init;
        private Precision precision;
        private Optional<Transfer> transfer;

        private Builder(TrainingConfig from) {
            epochs = from.epochs;
            batchSize = from.batchSize;
            optimizer = from.optimizer;
            schedule = from.schedule;
            augmentation = from.augmentation;
            labelSmoothing = from.labelSmoothing;
            validation = from.validation;
            testEachEpoch = from.testEachEpoch;
            tta = from.tta;
            seed = from.seed;
            threads = from.threads;
            init = from.init;
            precision = from.precision;
            transfer = from.transfer;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        public Builder schedule(Schedule value) {
            schedule = value;
            return this;
        }

        public Builder augmentation(Augmentation value) {
            augmentation = value;
            return this;
        }

        public Builder labelSmoothing(LabelSmoothing value) {
            labelSmoothing = value;
            return this;
        }

        /**
         * A validation share; with one, the test set is scored only once at the end (the baseline's per-epoch scores
         * stay an option: call {@link #testEachEpoch} after this).
         */
        public Builder validation(Validation value) {
            validation = value;
            testEachEpoch = !value.enabled();
            return this;
        }

        public Builder testEachEpoch(boolean value) {
            testEachEpoch = value;
            return this;
        }

        public Builder tta(TestTimeAugmentation value) {
            tta = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder init(Initialization value) {
            init = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder transfer(Optional<Transfer> value) {
            transfer = value;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation,
                    testEachEpoch, tta, seed, threads, init, precision, transfer);
        }
    }
}
