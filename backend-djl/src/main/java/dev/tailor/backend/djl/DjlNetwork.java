package dev.tailor.backend.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.StepRate;
import dev.tailor.domain.training.BatchCounters;
import dev.tailor.domain.training.LabelSmoothing;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.OptimizerState;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.WeightDecay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A spec under training on DJL's PyTorch engine: forward, softmax cross-entropy against the config's (smoothed)
 * targets, backward and an optimizer step per batch, at the rate the shared loop gives.
 */
final class DjlNetwork implements TrainableNetwork {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final LabelSmoothing smoothing;
    private final StepRate rate;
    private final Model model;
    private final DjlBlocks blocks;
    private final Trainer trainer;
    private final BatchCounters counters;
    private final ResumableOptimizer optimizer;
    /** Spec tensor name of each trainable parameter's DJL id, to name the optimizer's state in checkpoints. */
    private final Map<String, String> tensorOfParameter;
    private long steps;
    /** The debug switch: every step layer by layer, stopping at the first non-finite number (CheckedStep). */
    private final boolean checked = CheckedStep.enabled();
    private final List<Block> layers;

    DjlNetwork(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial, OptimizerState state) {
        // Dropout draws from PyTorch's generator: seed it before anything is built.
        DjlEngine.start(config.threads()).setRandomSeed((int) config.seed());
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.smoothing = config.labelSmoothing();
        this.rate = new StepRate(config.optimizer().learningRate());
        this.blocks = DjlBlocks.of(spec, config.frozenTensors(spec), config.precision());
        this.model = Model.newInstance(spec.name(), Device.cpu(), DjlEngine.NAME);
        model.setBlock(blocks.block());
        this.tensorOfParameter = spec.tensors().stream().filter(t -> blocks.parameter(t).isPresent())
                .collect(Collectors.toMap(t -> blocks.parameter(t).orElseThrow().getId(), TensorSpec::name));
        this.optimizer = optimizer(config.optimizer());
        // Dense targets, so that smoothed ones are taken as they are; the logits are the block's output.
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss("loss", 1, -1, false, true))
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(DjlBlocks.inputShape(spec, 1));
        DjlWeights.load(spec, blocks, initial);
        blocks.freeze();
        this.counters = new BatchCounters(spec, initial, config.frozenTensors(spec));
        this.layers = List.copyOf(blocks.block().getChildren().values());
        restore(state);
    }

    private void restore(OptimizerState state) {
        Map<String, String> parameterOfTensor = tensorOfParameter.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        Map<String, Map<String, float[]>> slots = new HashMap<>();
        state.slots().forEach((key, values) -> {
            int split = key.lastIndexOf('/');
            String parameter = parameterOfTensor.get(key.substring(0, split));
            if (parameter == null) {
                throw new IllegalArgumentException("optimizer state for " + key + ", which is no trainable tensor of " + spec.name());
            }
            slots.computeIfAbsent(key.substring(split + 1), slot -> new HashMap<>()).put(parameter, values);
        });
        optimizer.restore(slots, Math.toIntExact(state.steps()));
        this.steps = state.steps();
    }

    /** The engine's update rule, wrapped in Tailor's weight decay when the config asks for it. */
    private ResumableOptimizer optimizer(Optimizer optimizer) {
        ResumableOptimizer update = optimizer.accept(new OptimizerMapping(rate));
        WeightDecay decay = optimizer.weightDecay();
        if (decay.rate() == 0) {
            return update;
        }
        Set<String> decayed = spec.tensors().stream().filter(decay::appliesTo)
                .map(t -> blocks.parameter(t).orElseThrow().getId()).collect(Collectors.toSet());
        return new DecayingOptimizer(update, decayed, decay.rate(), optimizer.decouplesWeightDecay(), rate);
    }

    /** The same update rules as every backend: Adam with Keras' epsilon placement, and Nesterov momentum for SGD. */
    private record OptimizerMapping(StepRate rate) implements Optimizer.Visitor<ResumableOptimizer> {
        @Override
        public ResumableOptimizer adam(Optimizer.Adam adam) {
            return adam(adam.beta1(), adam.beta2(), adam.epsilon());
        }

        /** Adam itself: the decoupled decay is applied around it. */
        @Override
        public ResumableOptimizer adamW(Optimizer.AdamW adamW) {
            return adam(adamW.beta1(), adamW.beta2(), adamW.epsilon());
        }

        @Override
        public ResumableOptimizer sgd(Optimizer.Sgd sgd) {
            Tracker stepRate = update -> (float) rate.get();
            return sgd.momentum() == 0
                    ? new StatelessOptimizer(ai.djl.training.optimizer.Optimizer.sgd().setLearningRateTracker(stepRate).build())
                    : new NesterovSgd(rate, (float) sgd.momentum());
        }

        private ResumableOptimizer adam(double beta1, double beta2, double epsilon) {
            return new DjlAdam(rate, (float) beta1, (float) beta2, (float) epsilon);
        }
    }

    @Override
    public StepResult step(Batch batch, double learningRate) {
        rate.set(learningRate);
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = scope.create(batch.images().pixels(), DjlBlocks.inputShape(spec, batch.size()));
            int classes = classNames.size();
            NDArray targets = scope.create(smoothing.targets(batch.labels(), classes), new Shape(batch.size(), classes));
            NDArray labels = scope.create(batch.labels()).toType(DataType.FLOAT32, false);
            double loss;
            int correct;
            try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDArray logits;
                NDArray lossValue;
                if (checked) {
                    CheckedStep.Result result = CheckedStep.run(layers, spec.nodes(), new ParameterStore(scope, false), input,
                            out -> trainer.getLoss().evaluate(new NDList(targets), new NDList(out)), gradients, steps);
                    logits = result.logits();
                    lossValue = result.loss();
                } else {
                    logits = trainer.forward(new NDList(input)).singletonOrThrow();
                    lossValue = trainer.getLoss().evaluate(new NDList(targets), new NDList(logits));
                    gradients.backward(lossValue);
                }
                loss = lossValue.getFloat();
                correct = (int) logits.argMax(1).toType(DataType.FLOAT32, false).eq(labels).sum().getLong();
            }
            trainer.step();
            if (checked) {
                CheckedStep.requireFiniteParameters(layers, spec.nodes(), steps);
            }
            counters.step();
            steps++;
            return new StepResult(loss, correct);
        }
    }

    @Override
    public void startEpoch(int epoch, long dropoutSeed) {
        // Dropout draws from PyTorch's generator, the only draw training makes from it.
        DjlEngine.start().setRandomSeed((int) dropoutSeed);
    }

    @Override
    public OptimizerState optimizerState() {
        Map<String, float[]> slots = new HashMap<>();
        optimizer.slots().forEach((slot, byParameter) -> byParameter.forEach((parameter, values) ->
                slots.put(OptimizerState.key(tensorOfParameter.get(parameter), slot), values)));
        return new OptimizerState(steps, slots);
    }

    @Override
    public Weights weights() {
        return DjlWeights.read(spec, blocks, counters);
    }

    @Override
    public NetworkClassifier snapshot() {
        return new DjlClassifier(spec, classNames, weights());
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        optimizer.close();
    }
}
