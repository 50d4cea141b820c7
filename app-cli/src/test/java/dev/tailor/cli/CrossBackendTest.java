package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines implement the same network and the same update rules: from the same weights, on the same batches,
 * without dropout (the one thing drawn from each engine's own generator), they must end up predicting the same.
 */
class CrossBackendTest {
    /** The seed CNN without its dropout layer. */
    private static final ModelSpec NO_DROPOUT = new ModelSpec("seed-cnn-no-dropout", ModelPresets.SEED_CNN.input(),
            ModelPresets.SEED_CNN.layers().stream().filter(l -> !(l instanceof Layer.Dropout)).toList());

    static Stream<Optimizer> optimizers() {
        return Stream.of(Optimizer.Adam.withLearningRate(1e-3), new Optimizer.Sgd(0.02, 0.9), new Optimizer.Sgd(0.02, 0));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void enginesTrainedAlikePredictAlike(Optimizer optimizer) {
        Dataset train = TestData.train().take(960);
        Dataset test = TestData.test().take(300);
        TrainingConfig config = new TrainingConfig(1, 32, optimizer, 9, 2);
        Backends backends = Backends.installed();

        List<Prediction> dl4j = predictions(backends, "dl4j", train, test, config);
        List<Prediction> djl = predictions(backends, "djl", train, test, config);

        double largest = 0;
        int sameClass = 0;
        for (int i = 0; i < dl4j.size(); i++) {
            largest = Math.max(largest, dl4j.get(i).maxDifference(djl.get(i)));
            sameClass += dl4j.get(i).classIndex() == djl.get(i).classIndex() ? 1 : 0;
        }
        assertThat(sameClass).as("same predicted class after 30 %s steps", optimizer.type()).isGreaterThanOrEqualTo(297);
        assertThat(largest).as("largest probability difference").isLessThan(0.02);
    }

    private static List<Prediction> predictions(Backends backends, String name, Dataset train, Dataset test, TrainingConfig config) {
        TrainingResult result = backends.named(name).trainer().train(new TrainingRequest(NO_DROPOUT, train, config), TrainingListener.NONE);
        try (var classifier = result.classifier()) {
            return classifier.predictAll(test);
        }
    }

}
