package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.IdxWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared loop, driven with a scripted network: the loop, not an engine, is what is tested here. */
class MiniBatchTrainerTest {
    @TempDir
    Path dir;

    /** Predicts class 0 for everything; its "loss" is the batch's first label, so reports are predictable. */
    static final class ScriptedNetwork implements TrainableNetwork {
        final List<int[]> labelsSeen = new ArrayList<>();
        boolean closed;
        double lossOverride = Double.NaN;

        @Override
        public StepResult step(Batch batch) {
            labelsSeen.add(batch.labels());
            int correct = (int) java.util.Arrays.stream(batch.labels()).filter(l -> l == 0).count();
            return new StepResult(Double.isNaN(lossOverride) ? batch.labels()[0] : lossOverride, correct);
        }

        @Override
        public Weights weights() {
            return Weights.initial(ModelPresets.SEED_CNN, 1);
        }

        @Override
        public Classifier snapshot() {
            return new Classifier() {
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
                    float[] p = new float[10];
                    p[0] = 1;
                    return java.util.Collections.nCopies(images.count(), new Prediction(FashionMnist.CLASS_NAMES, p));
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
            public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial) {
                return network;
            }

            @Override
            public Weights engineInitialWeights(ModelSpec spec, long seed) {
                return Weights.initial(spec, seed + 1);
            }
        };
    }

    @Test
    void reportsEveryBatchAndEpochAndScoresTheHeldOutSet() {
        IdxWriter.fashionMnistLike(dir, 100, 20);
        Dataset train = FashionMnist.load(dir, FashionMnist.Part.TRAIN);
        Dataset test = FashionMnist.load(dir, FashionMnist.Part.TEST);
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

        TrainingResult result = new MiniBatchTrainer(factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), TrainingConfig.NOTEBOOK.withEpochs(2)), listener);

        assertThat(batches).hasSize(8);
        assertThat(batches.get(3)).extracting(BatchReport::batch, BatchReport::batchesPerEpoch, BatchReport::images)
                .containsExactly(4, 4, 100L);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).trainAccuracy()).isEqualTo(0.1);
        assertThat(epochs.get(0).heldOutAccuracy()).hasValue(0.1);
        assertThat(result.history().epochs()).isEqualTo(epochs);
        assertThat(network.closed).isTrue();
        // Epochs are shuffled differently, each by the run's seed alone.
        assertThat(network.labelsSeen.get(0)).isNotEqualTo(network.labelsSeen.get(4));
    }

    @Test
    void aDivergingLossStopsTrainingWithAClearError() {
        IdxWriter.fashionMnistLike(dir, 10, 2);
        ScriptedNetwork network = new ScriptedNetwork();
        network.lossOverride = Double.POSITIVE_INFINITY;

        assertThatThrownBy(() -> new MiniBatchTrainer(factory(network)).train(
                new TrainingRequest(ModelPresets.SEED_CNN, FashionMnist.load(dir, FashionMnist.Part.TRAIN), TrainingConfig.NOTEBOOK),
                TrainingListener.NONE))
                .isInstanceOf(TailorException.class)
                .hasMessage("training diverged: the loss became Infinity in epoch 1, batch 1; try a smaller learning rate");
        assertThat(network.closed).isTrue();
    }
}
