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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A spec under training on SameDiff: one {@code fit} call per batch. A listener reads the logits and every batch
 * norm's batch statistics as the step computes them; the running estimates and batch counters live here, as
 * PyTorch's buffers do in its modules.
 */
final class SameDiffNetwork implements TrainableNetwork {
    private final ModelSpec spec;
    private final List<String> classNames;
    private final SameDiffGraph graph;
    private SplittableRandom dropoutRandom;
    private final StepListener listener;
    private final Map<String, float[]> running = new HashMap<>();
    private final BatchCounters counters;
    private final LabelSmoothing smoothing;
    private final StepRate rate;
    /** Tensors that AdamW's decoupled decay shrinks after each step (empty for L2 decay, which is in the graph). */
    private final List<TensorSpec> decoupled;
    private final double decay;
    /** What training never changes: the starting weights of frozen layers (transfer learning). */
    private final Weights initial;
    private final Set<String> frozen;

    /** A checkpoint's updater state, put into the updaters once SameDiff has made them (in the first step). */
    private Map<String, float[]> pendingUpdaterState;

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
        this.pendingUpdaterState = state.slots();
        this.listener = new StepListener(graph.statistics(), this::restoreUpdaterState);
        List<String> features = new ArrayList<>();
        features.add(SameDiffGraph.INPUT);
        graph.masks().forEach(m -> features.add(m.placeholder()));
        graph.sameDiff().setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder()
                .updater(optimizer.accept(new OptimizerMapping(new StepSchedule(rate))))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(SameDiffGraph.LABELS)
                .build());
        // Adam's bias correction counts from here.
        graph.sameDiff().getTrainingConfig().setIterationCount(Math.toIntExact(state.steps()));
        Quietly.run(graph.sameDiff()::createGradFunction);
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
        INDArray[] features = new INDArray[1 + graph.masks().size()];
        features[0] = Tensors.images(batch.images());
        for (int m = 0; m < graph.masks().size(); m++) {
            features[m + 1] = dropoutMask(graph.masks().get(m), batch.size());
        }
        float[] targets = smoothing.targets(batch.labels(), classNames.size());
        listener.expect(batch.labels(), targets);
        INDArray labels = Tensors.matrix(targets, batch.size(), classNames.size());
        List<INDArray> before = decoupled.stream().map(t -> graph.array(t).dup()).toList();
        try {
            graph.sameDiff().fit(new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[] {labels}), listener);
            // AdamW: w <- w - rate x (adam update) - rate x decay x w, with w the weights before this step.
            for (int i = 0; i < decoupled.size(); i++) {
                graph.array(decoupled.get(i)).subi(before.get(i).muli(learningRate * decay));
            }
        } finally {
            Tensors.free(List.of(features));
            Tensors.free(List.of(labels));
            Tensors.free(before);
        }
        for (SameDiffGraph.BatchStatistics s : graph.statistics()) {
            updateRunningEstimates(s, batch.size());
        }
        counters.step();
        return new StepResult(listener.loss, listener.correct);
    }

    /** SameDiff keeps no running estimates: the batch norm's own rule moves them, from the statistics the step captured. */
    private void updateRunningEstimates(SameDiffGraph.BatchStatistics s, int batchSize) {
        s.norm().moveRunningEstimates(running.get(s.runningMean().name()), running.get(s.runningVariance().name()),
                listener.captured.get(s.mean()), listener.captured.get(s.variance()), (long) batchSize * s.valuesPerImage());
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
        long steps = graph.sameDiff().getTrainingConfig().getIterationCount();
        Map<String, GradientUpdater> updaters = graph.sameDiff().getUpdaterMap();
        if (updaters == null || !pendingUpdaterState.isEmpty()) {
            return new OptimizerState(steps, pendingUpdaterState);
        }
        Map<String, float[]> slots = new HashMap<>();
        updaters.forEach((tensor, raw) -> {
            GradientUpdater<?> updater = raw;
            Map<String, INDArray> state = updater.getState();
            if (state != null) {
                state.forEach((slot, values) -> slots.put(OptimizerState.key(tensor, slot), values.dup('c').data().asFloat()));
            }
        });
        return new OptimizerState(steps, slots);
    }

    /** Runs once SameDiff has built its updaters, before the first step computes anything. */
    private void restoreUpdaterState() {
        if (pendingUpdaterState.isEmpty()) {
            return;
        }
        Map<String, GradientUpdater> updaters = graph.sameDiff().getUpdaterMap();
        pendingUpdaterState.forEach((key, values) -> {
            int split = key.lastIndexOf('/');
            GradientUpdater<?> updater = updaters.get(key.substring(0, split));
            INDArray state = updater == null || updater.getState() == null ? null : updater.getState().get(key.substring(split + 1));
            if (state == null || state.length() != values.length) {
                throw new IllegalArgumentException("optimizer state " + key + " does not fit this network's updater");
            }
            state.assign(Nd4j.create(values, state.shape(), 'c'));
        });
        pendingUpdaterState = Map.of();
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

    /**
     * Reads what a training step computes and scores it here: SameDiff's fused loss-gradient op never computes the
     * forward loss or the softmax while fitting, so neither can be read from the engine; and the batch statistics
     * move the running estimates, which the training graph itself does not hold.
     */
    private static final class StepListener extends BaseListener {
        private final Set<String> watched = new HashSet<>();
        private final Map<String, float[]> captured = new HashMap<>();
        private int[] labels;
        private float[] targets;
        private double loss;
        private int correct;
        private final Runnable beforeFirstOp;
        private boolean started;

        StepListener(List<SameDiffGraph.BatchStatistics> statistics, Runnable beforeFirstOp) {
            this.beforeFirstOp = beforeFirstOp;
            statistics.forEach(s -> {
                watched.add(s.mean());
                watched.add(s.variance());
            });
        }

        void expect(int[] batchLabels, float[] batchTargets) {
            labels = batchLabels;
            targets = batchTargets;
            loss = Double.NaN;
            correct = 0;
            captured.clear();
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
            if (!started) {
                started = true;
                beforeFirstOp.run();
            }
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
                                INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (SameDiffGraph.LOGITS.equals(name)) {
                    score(outputs[i].toFloatMatrix());
                } else if (watched.contains(name)) {
                    // Copied now: the engine reuses the buffer within the step.
                    captured.put(name, outputs[i].dup().data().asFloat());
                }
            }
        }

        /** Mean softmax cross-entropy against the targets, and the number of correct arg-max predictions. */
        private void score(float[][] logits) {
            double sum = 0;
            int hits = 0;
            for (int i = 0; i < logits.length; i++) {
                float[] row = logits[i];
                int best = 0;
                for (int c = 1; c < row.length; c++) {
                    if (row[c] > row[best]) {
                        best = c;
                    }
                }
                sum += LabelSmoothing.crossEntropy(row, targets, i * row.length);
                hits += best == labels[i] ? 1 : 0;
            }
            loss = sum / logits.length;
            correct = hits;
        }
    }
}
