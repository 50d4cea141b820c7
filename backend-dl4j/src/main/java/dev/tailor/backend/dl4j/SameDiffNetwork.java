package dev.tailor.backend.dl4j;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A spec under training on DL4J: the graph SameDiff builds and differentiates, run step by step by a
 * {@link OpProgram} and updated by ND4J's updaters. The running estimates and batch counters live here, as
 * PyTorch's buffers do in its modules.
 */
final class SameDiffNetwork implements TrainableNetwork {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final SameDiffGraph graph;
    private final OpProgram program;
    private SplittableRandom dropoutRandom;
    private final Map<String, float[]> running = new HashMap<>();
    private final BatchCounters counters;
    private final LabelSmoothing smoothing;
    private final StepRate rate;
    /** Each trainable tensor by graph variable name, in declaration order. */
    private final Map<String, Trained> trained = new LinkedHashMap<>();
    /** Tensors that AdamW's decoupled decay shrinks after each step (empty for L2 decay, which is in the graph). */
    private final List<TensorSpec> decoupled;
    private final double decay;
    /** What training never changes: the starting weights of frozen layers (transfer learning). */
    private final Weights initial;
    private final Set<String> frozen;
    /** Steps taken, restored ones included: Adam's bias correction counts from here. */
    private long steps;

    SameDiffNetwork(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial, OptimizerState state) {
        Dl4jEngine.configure(config.threads());
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        Optimizer optimizer = config.optimizer();
        WeightDecay decay = optimizer.weightDecay();
        this.initial = initial;
        this.frozen = config.frozenTensors(spec);
        this.graph = SameDiffGraph.forTraining(spec, initial, optimizer.decouplesWeightDecay() ? WeightDecay.NONE : decay, frozen);
        this.decoupled = optimizer.decouplesWeightDecay()
                ? spec.tensors().stream().filter(t -> decay.appliesTo(t) && !frozen.contains(t.name())).toList() : List.of();
        this.decay = decay.rate();
        this.smoothing = config.labelSmoothing();
        this.rate = new StepRate(optimizer.learningRate());
        this.dropoutRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.counters = new BatchCounters(spec, initial, frozen);
        for (SameDiffGraph.BatchStatistics s : graph.statistics()) {
            running.put(s.runningMean().name(), initial.get(s.runningMean().name()).values());
            running.put(s.runningVariance().name(), initial.get(s.runningVariance().name()).values());
        }
        SameDiff sd = graph.sameDiff();
        Quietly.run(sd::createGradFunction);
        IUpdater updater = optimizer.accept(new OptimizerMapping(new StepSchedule(rate)));
        for (String name : graph.trainableNames()) {
            INDArray parameter = sd.getArrForVarName(name);
            trained.put(name, new Trained(sd.getVariable(name).getGradient().name(), parameter, instantiate(updater, parameter)));
        }
        List<String> wanted = new ArrayList<>();
        wanted.add(SameDiffGraph.LOGITS);
        graph.statistics().forEach(s -> {
            wanted.add(s.mean());
            wanted.add(s.variance());
        });
        trained.values().forEach(t -> wanted.add(t.gradient()));
        this.program = OpProgram.gradient(sd, graph.trainingPlaceholders(), wanted, graph.imageBatchNorms());
        this.steps = state.steps();
        restore(state.slots());
    }

    /**
     * A trainable tensor: the gradient function's variable holding its gradient, the graph's array that training
     * updates in place, and its updater (Adam's moments, momentum).
     */
    private record Trained(String gradient, INDArray parameter, GradientUpdater<?> updater) {
    }

    /** As SameDiff sets its own up: a state view the size the updater asks for, zeroed, shaped like the parameter. */
    private static GradientUpdater<?> instantiate(IUpdater config, INDArray parameter) {
        long size = config.stateSize(parameter.length());
        if (size == 0) {
            return config.instantiate((INDArray) null, true);
        }
        INDArray view = Nd4j.zeros(parameter.dataType(), 1, size);
        GradientUpdater<?> updater = config.instantiate(view, false);
        updater.setStateViewArray(view, parameter.shape(), parameter.ordering(), true);
        return updater;
    }

    /**
     * The same update rules as every backend, every one reading the rate of the current step: Adam with Keras'
     * epsilon placement (AdamW's decoupled decay is applied around it), and Nesterov momentum for SGD.
     */
    private record OptimizerMapping(StepSchedule rate) implements Optimizer.Visitor<IUpdater> {
        @Override
        public IUpdater adam(Optimizer.Adam adam) {
            return adam(adam.beta1(), adam.beta2(), adam.epsilon());
        }

        @Override
        public IUpdater adamW(Optimizer.AdamW adamW) {
            return adam(adamW.beta1(), adamW.beta2(), adamW.epsilon());
        }

        @Override
        public IUpdater sgd(Optimizer.Sgd sgd) {
            return sgd.momentum() == 0 ? new Sgd(rate) : new Nesterovs(rate, sgd.momentum());
        }

        private IUpdater adam(double beta1, double beta2, double epsilon) {
            return Adam.builder().learningRateSchedule(rate).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
        }
    }

    @Override
    public StepResult step(Batch batch, double learningRate) {
        rate.set(learningRate);
        INDArray[] feed = new INDArray[2 + graph.masks().size()];
        feed[0] = Tensors.images(batch.images());
        for (int m = 0; m < graph.masks().size(); m++) {
            feed[m + 1] = dropoutMask(graph.masks().get(m), batch.size());
        }
        float[] targets = smoothing.targets(batch.labels(), classNames.size());
        feed[feed.length - 1] = Tensors.matrix(targets, batch.size(), classNames.size());
        List<INDArray> before = decoupled.stream().map(t -> graph.array(t).dup()).toList();
        StepResult result;
        try {
            program.run(feed);
            result = score(values(SameDiffGraph.LOGITS), classNames.size(), batch.labels(), targets);
            for (SameDiffGraph.BatchStatistics s : graph.statistics()) {
                updateRunningEstimates(s, batch.size());
            }
            int iteration = Math.toIntExact(steps);
            for (Trained t : trained.values()) {
                // The updater turns the gradient into the step, in place; minimising subtracts it.
                INDArray gradient = program.value(t.gradient());
                t.updater().applyUpdater(gradient, iteration, 0);
                t.parameter().subi(gradient);
            }
            // AdamW: w <- w - rate x (adam update) - rate x decay x w, with w the weights before this step.
            for (int i = 0; i < decoupled.size(); i++) {
                graph.array(decoupled.get(i)).subi(before.get(i).muli(learningRate * decay));
            }
        } finally {
            Tensors.free(feed);
            Tensors.free(before);
        }
        steps++;
        counters.step();
        return result;
    }

    /** Mean softmax cross-entropy against the targets, and the number of correct arg-max predictions, from the logits. */
    private static StepResult score(float[] logits, int classes, int[] labels, float[] targets) {
        double sum = 0;
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] row = Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            sum += LabelSmoothing.crossEntropy(row, targets, i * classes);
            hits += best == labels[i] ? 1 : 0;
        }
        return new StepResult(sum / labels.length, hits);
    }

    /** The graph keeps no running estimates: the batch norm's own rule moves them, from the statistics the step computed. */
    private void updateRunningEstimates(SameDiffGraph.BatchStatistics s, int batchSize) {
        s.norm().moveRunningEstimates(running.get(s.runningMean().name()), running.get(s.runningVariance().name()),
                values(s.mean()), values(s.variance()), (long) batchSize * s.valuesPerImage());
    }

    private float[] values(String variable) {
        return program.value(variable).dup('c').data().asFloat();
    }

    /** Inverted dropout: each value kept with probability keep and scaled by 1/keep, so inference needs no rescaling. */
    private INDArray dropoutMask(SameDiffGraph.DropoutMask mask, int batchSize) {
        long perExample = 1;
        for (long d : mask.exampleShape()) {
            perExample *= d;
        }
        float[] values = new float[(int) (perExample * batchSize)];
        float scale = (float) (1 / mask.keep());
        for (int i = 0; i < values.length; i++) {
            values[i] = dropoutRandom.nextDouble() < mask.keep() ? scale : 0f;
        }
        long[] shape = new long[mask.exampleShape().length + 1];
        shape[0] = batchSize;
        System.arraycopy(mask.exampleShape(), 0, shape, 1, mask.exampleShape().length);
        return Nd4j.create(values, shape, 'c');
    }

    @Override
    public void startEpoch(int epoch, long dropoutSeed) {
        dropoutRandom = new SplittableRandom(dropoutSeed);
    }

    @Override
    public OptimizerState optimizerState() {
        Map<String, float[]> slots = new HashMap<>();
        trained.forEach((tensor, t) -> {
            Map<String, INDArray> state = t.updater().getState();
            if (state != null) {
                state.forEach((slot, values) -> slots.put(OptimizerState.key(tensor, slot), values.dup('c').data().asFloat()));
            }
        });
        return new OptimizerState(steps, slots);
    }

    /** A checkpoint's updater state, put back into the updaters before the first step. */
    private void restore(Map<String, float[]> slots) {
        slots.forEach((key, values) -> {
            int split = key.lastIndexOf('/');
            Trained t = trained.get(key.substring(0, split));
            GradientUpdater<?> updater = t == null ? null : t.updater();
            INDArray state = updater == null || updater.getState() == null ? null : updater.getState().get(key.substring(split + 1));
            if (state == null || state.length() != values.length) {
                throw new IllegalArgumentException("optimizer state " + key + " does not fit this network's updater");
            }
            state.assign(Nd4j.create(values, state.shape(), 'c'));
        });
    }

    @Override
    public Weights weights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec t : spec.tensors()) {
            tensors.put(t.name(), switch (t.role()) {
                case WEIGHT, BIAS, SCALE, SHIFT -> frozen.contains(t.name()) ? initial.get(t.name()) : graph.read(t);
                case RUNNING_MEAN, RUNNING_VARIANCE -> frozen.contains(t.name()) ? initial.get(t.name())
                        : new Tensor(t.shape(), running.get(t.name()));
                case BATCH_COUNTER -> counters.tensor(t);
            });
        }
        return new Weights(tensors);
    }

    @Override
    public NetworkClassifier snapshot() {
        return new Dl4jClassifier(spec, classNames, weights());
    }

    @Override
    public void close() {
        // ND4J arrays are freed by the garbage collector; nothing is held outside it.
    }
}
