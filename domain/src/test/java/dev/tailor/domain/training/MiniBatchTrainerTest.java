package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.augmentation.RandomErasing;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared loop, driven with a scripted network: the loop, not an engine, is what is tested here. */
class MiniBatchTrainerTest {

    /**
     * Records what the loop hands it. Its "loss" is the batch's first label. Its snapshot after epoch e gets images
     * of class c right when c < {@code rightClasses[e - 1]} (the synthetic image i has label i mod 10 and first pixel
     * i / 255), so on a stratified share its accuracy is exactly rightClasses / 10.
     */
    static final class ScriptedNetwork implements TrainableNetwork {
        final List<int[]> labelsSeen = new ArrayList<>();
        final List<float[]> pixelsSeen = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Long> dropoutSeeds = new ArrayList<>();
        final List<Classifier> snapshots = new ArrayList<>();
        final List<Classifier> closedSnapshots = new ArrayList<>();
        final List<Weights> restoredFrom = new ArrayList<>();
        final List<NetworkClassifier> restored = new ArrayList<>();
        int[] rightClasses = {0};
        int restoredRight;
        boolean closed;
        /** The loss of each step (0-based, counted over the run) instead of the batch's first label. */
        java.util.function.IntToDoubleFunction lossAtStep;
        /** What {@link #weights} holds instead of the seed CNN's initial weights. */
        Weights weightsOverride;

        @Override
        public StepResult step(Batch batch, double learningRate) {
            labelsSeen.add(batch.labels());
            pixelsSeen.add(batch.images().pixels());
            rates.add(learningRate);
            int correct = (int) java.util.Arrays.stream(batch.labels()).filter(l -> l == 0).count();
            return new StepResult(lossAtStep == null ? batch.labels()[0] : lossAtStep.applyAsDouble(rates.size() - 1), correct);
        }

        @Override
        public void startEpoch(int epoch, long dropoutSeed) {
            dropoutSeeds.add(dropoutSeed);
        }

        @Override
        public Weights weights() {
            return weightsOverride != null ? weightsOverride : Weights.initial(ModelPresets.SEED_CNN, 1);
        }

        @Override
        public OptimizerState optimizerState() {
            return OptimizerState.FRESH;
        }

        @Override
        public NetworkClassifier snapshot() {
            NetworkClassifier snapshot = scripted(rightClasses[Math.min(snapshots.size(), rightClasses.length - 1)]);
            snapshots.add(snapshot);
            return snapshot;
        }

        /** What the factory rebuilds from saved weights (a checkpoint's best epoch): scripted as {@link #restoredRight}. */
        NetworkClassifier restore(Weights saved) {
            restoredFrom.add(saved);
            NetworkClassifier classifier = scripted(restoredRight);
            restored.add(classifier);
            return classifier;
        }

        private NetworkClassifier scripted(int right) {
            return new NetworkClassifier() {
                @Override
                public ModelSpec spec() {
                    return ModelPresets.SEED_CNN;
                }

                @Override
                public Weights weights() {
                    return ScriptedNetwork.this.weights();
                }

                @Override
                public List<String> classNames() {
                    return FashionMnist.CLASS_NAMES;
                }

                @Override
                public List<Prediction> predict(Images images) {
                    List<Prediction> predictions = new ArrayList<>();
                    for (int i = 0; i < images.count(); i++) {
                        int label = Math.round(images.pixels()[i * 784] * 255) % 10;
                        float[] p = new float[10];
                        p[label < right ? label : (label + 1) % 10] = 1;
                        predictions.add(new Prediction(FashionMnist.CLASS_NAMES, p));
                    }
                    return predictions;
                }

                @Override
                public void close() {
                    closedSnapshots.add(this);
                }
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static NetworkFactory factory(ScriptedNetwork network) {
        return new NetworkFactory() {
            @Override
            public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial,
                                           OptimizerState optimizer) {
                return network;
            }

            @Override
            public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
                return network.restore(weights);
            }

            @Override
            public Set<Precision> precisions() {
                return Set.of(Precision.FLOAT32);
            }

            @Override
            public Weights engineInitialWeights(ModelSpec spec, long seed) {
                return Weights.initial(spec, seed + 1);
            }
        };
    }

    private static Dataset train(int count) {
        return TestData.synthetic(count);
    }

    @Test
    void reportsEveryBatchAndEpochAndScoresTheTestSetEachEpochAsTheNotebookDid() {
        Dataset train = train(100);
        Dataset test = TestData.synthetic(20);
        ScriptedNetwork network = new ScriptedNetwork();
        List<BatchReport> batches = new ArrayList<>();
        List<EpochReport> epochs = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatch(BatchReport report) {
                batches.add(report);
            }

            @Override
            public void onEpochEnd(EpochReport report) {
                epochs.add(report);
            }
        };

        TrainingResult result = new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), TrainingConfig.BASELINE.with(t -> t.epochs(2))), listener);

        assertThat(batches).hasSize(8);
        assertThat(batches.get(3)).extracting(BatchReport::batch, BatchReport::batchesPerEpoch, BatchReport::images)
                .containsExactly(4, 4, 100L);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).trainAccuracy()).isEqualTo(0.1);
        assertThat(epochs.get(0).testAccuracy()).hasValue(0.0);
        assertThat(epochs.get(0).validationAccuracy()).isEmpty();
        assertThat(epochs.get(1).learningRate()).isEqualTo(1e-3);
        assertThat(result.history().epochs()).isEqualTo(epochs);
        assertThat(result.history().keptEpoch()).isEqualTo(2);
        assertThat(result.history().stopReason()).isEqualTo("completed all 2 epochs");
        assertThat(result.testEvaluation().orElseThrow().accuracy()).isEqualTo(0.0);
        assertThat(network.closed).isTrue();
        assertThat(network.closedSnapshots).containsExactly(network.snapshots.get(0));
        // Epochs are shuffled differently, each by the run's seed alone.
        assertThat(network.labelsSeen.get(0)).isNotEqualTo(network.labelsSeen.get(4));
    }

    @Test
    void aPrecisionTheEngineLacksIsRefusedBeforeANetworkIsBuilt() {
        ScriptedNetwork network = new ScriptedNetwork();
        TrainingConfig bf16 = TrainingConfig.BASELINE.with(t -> t.epochs(1).batchSize(10).precision(Precision.BF16));

        assertThatThrownBy(() -> new MiniBatchTrainer("fake", () -> "a fake engine", factory(network))
                .train(new TrainingRequest(ModelPresets.SEED_CNN, train(20), bf16), TrainingListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training.precision 'bf16' is not offered by the fake backend (it trains in float32); "
                        + "choose another backend or precision");
        assertThat(network.rates).isEmpty();
    }

    @Test
    void everyStepTakesTheSchedulesRate() {
        ScriptedNetwork network = new ScriptedNetwork();
        Schedule oneCycle = new Schedule.OneCycle(0.25, 0.1, Schedule.Decay.LINEAR, 0.0);
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(2).batchSize(10).schedule(oneCycle));

        new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(new TrainingRequest(ModelPresets.SEED_CNN, train(40), config),
                TrainingListener.NONE);

        // 8 steps: 2 of warm-up from 0.1 of the peak, then a straight line from the peak to 0 at the last step.
        double[] expected = {1e-4, 5.5e-4, 1e-3, 8e-4, 6e-4, 4e-4, 2e-4, 0};
        assertThat(network.rates).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(network.rates.get(i)).as("step " + i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void augmentationChangesTheTrainingPixelsTheSameWayForTheSameSeed() {
        Augmentation everything = new Augmentation(2, true, Optional.of(RandomErasing.ZHONG));
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(2).batchSize(10).augmentation(everything));
        Dataset train = train(30);
        ScriptedNetwork plain = new ScriptedNetwork();
        ScriptedNetwork once = new ScriptedNetwork();
        ScriptedNetwork again = new ScriptedNetwork();
        ScriptedNetwork otherSeed = new ScriptedNetwork();

        new MiniBatchTrainer("fake", () -> "a fake engine", factory(plain)).train(new TrainingRequest(ModelPresets.SEED_CNN, train, config.with(t -> t.augmentation(
                Augmentation.NONE))), TrainingListener.NONE);
        new MiniBatchTrainer("fake", () -> "a fake engine", factory(once)).train(new TrainingRequest(ModelPresets.SEED_CNN, train, config), TrainingListener.NONE);
        new MiniBatchTrainer("fake", () -> "a fake engine", factory(again)).train(new TrainingRequest(ModelPresets.SEED_CNN, train, config), TrainingListener.NONE);
        new MiniBatchTrainer("fake", () -> "a fake engine", factory(otherSeed)).train(new TrainingRequest(ModelPresets.SEED_CNN, train, config.with(t -> t.seed(43))),
                TrainingListener.NONE);

        assertThat(once.labelsSeen).containsExactlyElementsOf(plain.labelsSeen);
        for (int b = 0; b < once.pixelsSeen.size(); b++) {
            assertThat(once.pixelsSeen.get(b)).as("batch " + b).isEqualTo(again.pixelsSeen.get(b))
                    .isNotEqualTo(plain.pixelsSeen.get(b));
        }
        assertThat(once.pixelsSeen.get(0)).isNotEqualTo(otherSeed.pixelsSeen.get(0));
        // The two epochs draw differently even where they hold the same image at the same place.
        assertThat(once.pixelsSeen.get(0)).isNotEqualTo(once.pixelsSeen.get(3));
    }

    @Test
    void aValidationShareIsHeldOutOfTrainingScoredEachEpochAndTheTestSetOnlyAtTheEnd() {
        Dataset train = train(200);
        Dataset test = TestData.synthetic(20);
        ScriptedNetwork network = new ScriptedNetwork();
        network.rightClasses = new int[] {3, 7};
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(2).batchSize(20).validation(Validation.of(0.1)));

        TrainingResult result = new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), config), TrainingListener.NONE);

        List<EpochReport> epochs = result.history().epochs();
        assertThat(epochs.get(0).images()).isEqualTo(180);
        assertThat(epochs.get(0).validationAccuracy()).hasValue(0.3);
        assertThat(epochs.get(1).validationAccuracy()).hasValue(0.7);
        assertThat(epochs).allSatisfy(e -> assertThat(e.testAccuracy()).isEmpty());
        assertThat(result.testEvaluation().orElseThrow().accuracy()).isEqualTo(0.7);
        // No validation image (index i has first pixel i / 255) was ever trained on.
        List<Integer> trained = network.pixelsSeen.stream().flatMap(p -> java.util.stream.IntStream.range(0, p.length / 784)
                .mapToObj(i -> Math.round(p[i * 784] * 255))).distinct().toList();
        assertThat(trained).hasSize(180);
        assertThat(config.testEachEpoch()).isFalse();
        assertThat(config.with(t -> t.testEachEpoch(true)).testEachEpoch()).isTrue();
    }

    @Test
    void earlyStoppingStopsWhenTheScoreStallsAndKeepsTheBestEpochsClassifier() {
        Dataset train = train(200);
        Dataset test = TestData.synthetic(20);
        ScriptedNetwork network = new ScriptedNetwork();
        network.rightClasses = new int[] {4, 8, 6, 8, 9, 9};
        EarlyStopping patienceTwo = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 2, 0.0);
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(6).batchSize(20)
                        .validation(new Validation(0.1, Optional.of(patienceTwo))));

        TrainingResult result = new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), config), TrainingListener.NONE);

        TrainingHistory history = result.history();
        assertThat(history.epochs()).hasSize(4);
        assertThat(history.keptEpoch()).isEqualTo(2);
        assertThat(history.stopReason()).isEqualTo("stopped early after epoch 4: validationAccuracy did not improve on epoch 2's "
                + "0.8000 for 2 epochs; kept epoch 2");
        assertThat(result.classifier()).isSameAs(network.snapshots.get(1));
        assertThat(history.kept().validationAccuracy()).hasValue(0.8);
        assertThat(result.testEvaluation().orElseThrow().accuracy()).isEqualTo(0.8);
        assertThat(network.closedSnapshots).containsExactlyInAnyOrder(network.snapshots.get(0), network.snapshots.get(2),
                network.snapshots.get(3));
    }

    /**
     * Resumed from the checkpoint after epoch 3 of the run above, the trainer rebuilds early stopping's best (epoch 2)
     * from the checkpoint's weights, trains epoch 4 alone and stops as the uninterrupted run did, keeping the rebuilt best.
     */
    @Test
    void aResumedRunRestoresEarlyStoppingsBestFromItsCheckpointAndStopsWhereTheWholeRunStopped() {
        Dataset train = train(200);
        Dataset test = TestData.synthetic(20);
        EarlyStopping patienceTwo = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 2, 0.0);
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(6).batchSize(20)
                        .validation(new Validation(0.1, Optional.of(patienceTwo))));
        TrainingRequest request = new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), config);
        ScriptedNetwork whole = new ScriptedNetwork();
        whole.rightClasses = new int[] {4, 8, 6, 8, 9, 9};
        List<TrainingCheckpoint> checkpoints = new ArrayList<>();
        TrainingResult uninterrupted = new MiniBatchTrainer("fake", () -> "a fake engine", factory(whole)).train(request,
                new TrainingListener() {
                    @Override
                    public void onCheckpoint(java.util.function.Supplier<TrainingCheckpoint> checkpoint) {
                        checkpoints.add(checkpoint.get());
                    }
                });
        TrainingCheckpoint afterThree = checkpoints.get(2);
        ScriptedNetwork resumed = new ScriptedNetwork();
        resumed.rightClasses = new int[] {8};
        resumed.restoredRight = 8;

        TrainingResult result = new MiniBatchTrainer("fake", () -> "a fake engine", factory(resumed)).resume(request, afterThree,
                TrainingListener.NONE);

        assertThat(afterThree.best().orElseThrow().epoch()).isEqualTo(2);
        assertThat(resumed.restoredFrom).containsExactly(afterThree.best().orElseThrow().weights());
        assertThat(resumed.dropoutSeeds).as("epoch 4 alone trained").hasSize(1);
        assertThat(result.history().epochs()).hasSize(4);
        assertThat(result.history().keptEpoch()).isEqualTo(2);
        assertThat(result.history().stopReason()).isEqualTo(uninterrupted.history().stopReason());
        assertThat(result.classifier()).isSameAs(resumed.restored.get(0));
        assertThat(result.testEvaluation().orElseThrow().accuracy()).isEqualTo(0.8);
        assertThat(resumed.closedSnapshots).containsExactly(resumed.snapshots.get(0));
    }

    @Test
    void flipTestTimeAugmentationScoresWithTheMeanOfImageAndMirror() {
        ScriptedNetwork network = new ScriptedNetwork();
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(1).tta(TestTimeAugmentation.FLIP));

        TrainingResult result = new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train(20), config), TrainingListener.NONE);

        // The mirror of synthetic image 0 starts with pixel 27, which the scripted snapshot reads as class 7.
        Prediction p = result.classifier().predict(TestData.synthetic(1).image(0));
        assertThat(p.probability(1)).isEqualTo(0.5f);
        assertThat(p.probability(8)).isEqualTo(0.5f);
    }

    @Test
    void aLossThatGrewBeforeItOverflowedIsBlamedOnTheLearningRate() {
        ScriptedNetwork network = new ScriptedNetwork();
        // Steady at 2 for 20 steps, then growing 30% a step until it overflows at step 60.
        network.lossAtStep = step -> step < 20 ? 2 : step < 60 ? 2 * Math.pow(1.3, step - 20) : Double.POSITIVE_INFINITY;

        assertThatThrownBy(() -> train(network, TrainingConfig.BASELINE.with(t -> t.batchSize(1)), 100))
                .isInstanceOf(TailorException.class)
                .hasMessageStartingWith("training diverged in epoch 1, batch 61: the loss became Infinity while every tensor is finite, "
                        + "after the loss grew from 2.000 to ")
                .hasMessageEndingWith("; try a smaller learning rate");
        assertThat(network.closed).isTrue();
    }

    @Test
    void aNaNInARunningEstimateWhileTheLossIsSteadyIsNamedAndNotBlamedOnTheLearningRate() {
        ScriptedNetwork network = new ScriptedNetwork();
        network.lossAtStep = step -> 1.5;
        Weights initial = Weights.initial(dev.tailor.domain.testing.TestSpecs.EVERY_LAYER, 1);
        java.util.Map<String, dev.tailor.domain.model.Tensor> tensors = new java.util.LinkedHashMap<>(initial.tensors());
        String runningVar = tensors.keySet().stream().filter(name -> name.endsWith("running_var")).findFirst().orElseThrow();
        float[] values = tensors.get(runningVar).values();
        values[3] = Float.NaN;
        tensors.put(runningVar, new dev.tailor.domain.model.Tensor(tensors.get(runningVar).shape(), values));
        network.weightsOverride = new Weights(tensors);

        assertThatThrownBy(() -> train(network, TrainingConfig.BASELINE.with(t -> t.batchSize(5)), 10))
                .isInstanceOf(TailorException.class)
                .hasMessage("a non-finite number appeared in epoch 1, batch 2: the loss stayed finite and tensor '" + runningVar
                        + "' holds NaN at element 3 of " + values.length + ", while the loss was steady at about 1.500: a numerical "
                        + "fault in the engine, not the learning rate (see \"Known engine issues\" in docs/results.md)");
    }

    @Test
    void aNonFiniteLossAtTheFirstStepSaysNoUpdateWasMadeYet() {
        ScriptedNetwork network = new ScriptedNetwork();
        network.lossAtStep = step -> Double.POSITIVE_INFINITY;

        assertThatThrownBy(() -> train(network, TrainingConfig.BASELINE, 10))
                .isInstanceOf(TailorException.class)
                .hasMessage("a non-finite number appeared in epoch 1, batch 1: the loss became Infinity while every tensor is finite, "
                        + "the run's first step, before any update: a numerical fault in the engine, not the learning rate "
                        + "(see \"Known engine issues\" in docs/results.md)");
        assertThat(network.closed).isTrue();
    }

    private TrainingResult train(ScriptedNetwork network, TrainingConfig config, int images) {
        return new MiniBatchTrainer("fake", () -> "a fake engine", factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train(images), config.with(t -> t.epochs(1))), TrainingListener.NONE);
    }
}
