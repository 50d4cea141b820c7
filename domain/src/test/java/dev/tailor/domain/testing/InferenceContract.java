package dev.tailor.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.spi.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every backend must do to serve models, whether or not it trains: each backend module runs this suite against
 * itself (a backend that trains runs it as part of {@link TrainingContract}). The weights are Tailor's own seeded draw,
 * with batch norms' running estimates moved away from their start, so no engine's training is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InferenceContract {
    protected static final ModelSpec SEED = ModelPresets.SEED_CNN;
    protected static final ModelSpec VARIETY = new ModelSpec("variety", SEED.input(), List.of(
            new Conv2d(4, 3, 1, Padding.SAME, Activation.TANH),
            new Dropout(0.25),
            new Conv2d(6, 3, 2, Padding.VALID, Activation.SIGMOID),
            new MaxPool2d(3, 2),
            new Flatten(),
            new Dense(16, Activation.LINEAR),
            new SoftmaxOutput(10)));
    protected static final ModelSpec MODERN = TestSpecs.EVERY_LAYER;

    private Dataset images;

    /** The backend under test. */
    protected abstract Backend backend();

    @BeforeAll
    void loadImages() {
        images = TestData.test();
    }

    /** Tailor's seeded start for {@code spec}, with every running estimate drawn away from 0 and 1. */
    protected static Weights served(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initial(spec, seed).tensors());
        for (TensorSpec t : spec.tensors()) {
            if (t.role() == TensorSpec.Role.RUNNING_MEAN || t.role() == TensorSpec.Role.RUNNING_VARIANCE) {
                float[] values = new float[t.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (t.role() == TensorSpec.Role.RUNNING_MEAN ? random.nextDouble(-0.5, 0.5) : random.nextDouble(0.5, 2));
                }
                tensors.put(t.name(), new Tensor(t.shape(), values));
            }
        }
        return new Weights(tensors);
    }

    private NetworkClassifier classifier(ModelSpec spec) {
        return backend().classifier(spec, images.classNames(), served(spec, 17));
    }

    private Images first(int count) {
        return images.take(count).batches(count).iterator().next().images();
    }

    @Test
    void probabilitiesAreFiniteAndSumToOne() {
        for (ModelSpec spec : List.of(SEED, VARIETY, MODERN)) {
            try (Classifier classifier = classifier(spec)) {
                assertThat(classifier.predict(first(64))).as(spec.name()).hasSize(64).allSatisfy(p -> {
                    double sum = 0;
                    for (float v : p.probabilities()) {
                        assertThat(Float.isFinite(v) && v >= 0 && v <= 1).isTrue();
                        sum += v;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-5));
                });
            }
        }
    }

    @Test
    void inferenceIsDeterministicSoDropoutIsOff() {
        try (Classifier classifier = classifier(SEED)) {
            List<Prediction> once = classifier.predict(first(32));
            List<Prediction> again = classifier.predict(first(32));
            for (int i = 0; i < once.size(); i++) {
                assertThat(once.get(i).probabilities()).containsExactly(again.get(i).probabilities());
            }
        }
    }

    @Test
    void theEngineBuildsTheShapesTheDomainInfers() {
        for (ModelSpec spec : List.of(SEED, VARIETY, MODERN)) {
            assertThat(backend().layerOutputShapes(spec)).as(spec.name())
                    .isEqualTo(spec.nodes().stream().map(LayerNode::output).toList());
        }
    }

    /** A classifier serves exactly the weights it was given, in the spec's order, whatever order they came in. */
    @Test
    void theClassifierServesTheWeightsItWasGiven() {
        Weights given = served(MODERN, 3);
        Map<String, Tensor> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(given.tensors().keySet());
        java.util.Collections.reverse(names);
        names.forEach(name -> reversed.put(name, given.get(name)));

        try (NetworkClassifier classifier = backend().classifier(MODERN, images.classNames(), new Weights(reversed))) {
            assertThat(classifier.weights()).isEqualTo(given);
            assertThat(classifier.weights().tensors().keySet()).containsExactlyElementsOf(given.tensors().keySet());
            assertThat(classifier.spec()).isEqualTo(MODERN);
            assertThat(classifier.classNames()).isEqualTo(images.classNames());
        }
    }

    /**
     * Evaluation uses the running estimates, so an image's prediction cannot depend on its batch. Equal up to float
     * rounding (convolution kernels choose their blocking by batch size: one ulp here); batch statistics would move
     * probabilities by orders of magnitude more.
     */
    @Test
    void aBatchNormModelPredictsAnImageAloneAsInsideABatch() {
        try (Classifier classifier = classifier(MODERN)) {
            List<Prediction> together = classifier.predict(first(16));
            for (int i = 0; i < 16; i++) {
                assertThat(classifier.predict(images.image(i)).maxDifference(together.get(i))).as("image " + i).isLessThan(1e-6);
            }
        }
    }

    @Test
    void weightsThatDoNotFitAreRefusedWithTheSameError() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initial(SEED, 1).tensors());
        tensors.put("3.weight", new Tensor(List.of(64, 32, 5, 5), new float[64 * 32 * 25]));

        assertThatThrownBy(() -> backend().classifier(SEED, images.classNames(), new Weights(tensors)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("tensor '3.weight' has shape [64, 32, 5, 5] but model seed-cnn needs [64, 32, 3, 3]");
    }

    @Test
    void aClosedClassifierRefusesToPredict() {
        Classifier classifier = classifier(SEED);
        classifier.predict(images.image(0));
        classifier.close();
        classifier.close();

        assertThatThrownBy(() -> classifier.predict(images.image(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("this classifier has been closed");
    }

    @Test
    void eightThreadsSharingAClassifierAnswerExactlyAsOneThreadDoes() throws Exception {
        try (Classifier classifier = classifier(MODERN)) {
            int total = 4_000;
            int distinct = 500;
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < distinct; i++) {
                expected.add(classifier.predict(images.image(i)).probabilities());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        int checked = 0;
                        for (int n = thread; n < total; n += 8) {
                            int i = n % distinct;
                            assertThat(classifier.predict(images.image(i)).probabilities()).containsExactly(expected.get(i));
                            checked++;
                        }
                        return checked;
                    }));
                }
                int checked = 0;
                for (Future<Integer> f : futures) {
                    checked += f.get();
                }
                assertThat(checked).isEqualTo(total);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
