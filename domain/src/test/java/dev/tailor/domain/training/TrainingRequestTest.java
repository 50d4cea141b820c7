package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRequestTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);
    private static final ModelSpec FLAT_NORM = new ModelSpec("flat-bn", MNIST, List.of(
            new Flatten(), new Dense(16, Activation.LINEAR, false), new BatchNorm(), new SoftmaxOutput(10)));
    private static final TrainingConfig BATCH_32 = new TrainingConfig(1, 32, Optimizer.Adam.withLearningRate(1e-3), 1, 2);

    @Test
    void aBatchNormOverVectorsRefusesATrainingBatchOfOneImage() {
        Dataset thirtyThree = TestData.train().take(33);

        assertThatThrownBy(() -> new TrainingRequest(FLAT_NORM, thirtyThree, BATCH_32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the batchNorm at module 2 needs at least 2 values per feature in every training batch, but 33 images "
                        + "at batch size 32 leave a batch of 1; choose a batch size that leaves no single image");
        assertThatThrownBy(() -> new TrainingRequest(FLAT_NORM, thirtyThree, BATCH_32.with(t -> t.batchSize(1))))
                .hasMessageContaining("leave a batch of 1");
        assertThatCode(() -> new TrainingRequest(FLAT_NORM, TestData.train().take(34), BATCH_32)).doesNotThrowAnyException();
    }

    @Test
    void aBatchNormOverImagesHasHeightTimesWidthValuesPerImageSoOneImageIsEnough() {
        ModelSpec imageNorm = new ModelSpec("image-bn", MNIST, List.of(
                new BatchNorm(), new Flatten(), new SoftmaxOutput(10)));

        assertThatCode(() -> new TrainingRequest(imageNorm, TestData.train().take(33), BATCH_32)).doesNotThrowAnyException();
    }
}
