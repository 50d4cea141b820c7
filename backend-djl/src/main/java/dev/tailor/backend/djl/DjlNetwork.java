package dev.tailor.backend.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.BatchCounters;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import java.util.List;

/** A spec under training on DJL's PyTorch engine: forward, softmax cross-entropy, backward and an optimizer step per batch. */
final class DjlNetwork implements TrainableNetwork {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final int threads;
    private final Model model;
    private final DjlBlocks blocks;
    private final Trainer trainer;
    private final BatchCounters counters;

    DjlNetwork(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial) {
        // Dropout draws from PyTorch's generator: seed it before anything is built.
        DjlEngine.start(config.threads()).setRandomSeed((int) config.seed());
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.threads = config.threads();
        this.blocks = DjlBlocks.of(spec);
        this.model = Model.newInstance(spec.name(), Device.cpu(), DjlEngine.NAME);
        model.setBlock(blocks.block());
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(config.optimizer().accept(new Optimizers()))
                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(DjlBlocks.inputShape(spec, 1));
        DjlWeights.load(spec, blocks, initial);
        this.counters = new BatchCounters(spec, initial);
    }

    /** The same update rules as every backend: Adam with Keras' epsilon placement, and Nesterov momentum for SGD. */
    private static final class Optimizers implements Optimizer.Visitor<ai.djl.training.optimizer.Optimizer> {
        @Override
        public ai.djl.training.optimizer.Optimizer adam(Optimizer.Adam adam) {
            return ai.djl.training.optimizer.Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed((float) adam.learningRate()))
                    .optBeta1((float) adam.beta1())
                    .optBeta2((float) adam.beta2())
                    .optEpsilon((float) adam.epsilon())
                    .build();
        }

        @Override
        public ai.djl.training.optimizer.Optimizer sgd(Optimizer.Sgd sgd) {
            return sgd.momentum() == 0
                    ? ai.djl.training.optimizer.Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) sgd.learningRate())).build()
                    : new NesterovSgd((float) sgd.learningRate(), (float) sgd.momentum());
        }
    }

    @Override
    public StepResult step(Batch batch) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = scope.create(batch.images().pixels(), DjlBlocks.inputShape(spec, batch.size()));
            NDArray labels = scope.create(batch.labels()).toType(DataType.FLOAT32, false);
            double loss;
            int correct;
            try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray lossValue = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                gradients.backward(lossValue);
                loss = lossValue.getFloat();
                correct = (int) logits.argMax(1).toType(DataType.FLOAT32, false).eq(labels).sum().getLong();
            }
            trainer.step();
            counters.step();
            return new StepResult(loss, correct);
        }
    }

    @Override
    public Weights weights() {
        return DjlWeights.read(spec, blocks, counters);
    }

    @Override
    public Classifier snapshot() {
        return new DjlClassifier(spec, classNames, weights(), threads);
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
