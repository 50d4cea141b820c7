package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.inference.TestTimeAugmentation;

/**
 * How to train: epochs, batch size, optimizer and its schedule, augmentation, label smoothing, validation (with
 * early stopping), when to score the test set, test-time augmentation, seed, engine threads and where the starting
 * weights come from. The same config and seed on the same backend and thread count give identical results.
 *
 * @param testEachEpoch score the test set after every epoch (the notebook did), or only once at the end
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, Schedule schedule, Augmentation augmentation,
                             LabelSmoothing labelSmoothing, Validation validation, boolean testEachEpoch,
                             TestTimeAugmentation tta, long seed, int threads, Initialization init) {

    /** The reference notebook's settings: 5 epochs of Adam 1e-3 at batch 32, Keras' Glorot-uniform start. */
    public static final TrainingConfig NOTEBOOK = new TrainingConfig(5, 32, Optimizer.Adam.withLearningRate(1e-3), 42, 2);

    /** The notebook's recipe: a constant rate, no augmentation nor validation, the test set scored every epoch. */
    public TrainingConfig(int epochs, int batchSize, Optimizer optimizer, long seed, int threads, Initialization init) {
        this(epochs, batchSize, optimizer, new Schedule.Constant(), Augmentation.NONE, LabelSmoothing.NONE, Validation.NONE,
                true, TestTimeAugmentation.NONE, seed, threads, init);
    }

    /** The notebook's recipe, starting from Tailor's Glorot-uniform weights. */
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
                || tta == null || init == null) {
            throw new InvalidInputException("a training config needs an optimizer, schedule, augmentation, label smoothing, "
                    + "validation, tta and init");
        }
    }

    /** The rate of step {@code step} (0-based) of {@code totalSteps}, {@code stepsPerEpoch} to an epoch. */
    public double learningRate(long step, long totalSteps, int stepsPerEpoch) {
        return schedule.rate(optimizer.learningRate(), step, totalSteps, stepsPerEpoch);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(epochs, value, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    public TrainingConfig withOptimizer(Optimizer value) {
        return new TrainingConfig(epochs, batchSize, value, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    public TrainingConfig withSchedule(Schedule value) {
        return new TrainingConfig(epochs, batchSize, optimizer, value, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    public TrainingConfig withAugmentation(Augmentation value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, value, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    public TrainingConfig withLabelSmoothing(LabelSmoothing value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, value, validation, testEachEpoch,
                tta, seed, threads, init);
    }

    /** A validation share, scoring the test set only once at the end (the notebook's per-epoch scores stay an option). */
    public TrainingConfig withValidation(Validation value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, value, !value.enabled(),
                tta, seed, threads, init);
    }

    public TrainingConfig withTestEachEpoch(boolean value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, value,
                tta, seed, threads, init);
    }

    public TrainingConfig withTta(TestTimeAugmentation value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                value, seed, threads, init);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, value, threads, init);
    }

    public TrainingConfig withThreads(int value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, value, init);
    }

    public TrainingConfig withInit(Initialization value) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, augmentation, labelSmoothing, validation, testEachEpoch,
                tta, seed, threads, value);
    }
}
