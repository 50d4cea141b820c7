package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.application.TailorConfig;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.testing.TestSpecs;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model holding every layer type, trained on each engine, must predict the same when served by the other engine
 * and by PyTorch itself: batch norms in evaluation mode on their running estimates, residual shortcuts, all of it.
 */
class EveryLayerPortabilityTest {
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final ModelSpec SPEC = TestSpecs.EVERY_LAYER;

    @TempDir
    static Path dir;
    static Dataset test;
    static final Map<String, Path> models = new HashMap<>();
    static final Map<String, List<Prediction>> predictions = new HashMap<>();

    @BeforeAll
    static void trainOnEveryEngine() {
        test = TestData.test();
        TrainingConfig config = new TrainingConfig(1, 32, Optimizer.Adam.withLearningRate(2e-3), 3, 2);
        for (String backend : Backends.installed().trainerNames()) {
            TrainingResult result = Backends.installed().trainer(backend).trainer()
                    .train(new TrainingRequest(SPEC, TestData.train(), config), TrainingListener.NONE);
            try (NetworkClassifier classifier = result.classifier()) {
                Path model = dir.resolve(backend);
                ModelFiles.save(model, SPEC, test.classNames(), classifier.weights(), result.provenance(), Map.of());
                models.put(backend, model);
                predictions.put(backend, classifier.predictAll(test));
            }
        }
    }

    @Test
    void eachEngineServesWhatTheOtherTrained() {
        List<String> trainers = Backends.installed().trainerNames();
        assertThat(trainers).hasSizeGreaterThanOrEqualTo(2);
        for (String trainedOn : trainers) {
            for (String servedOn : Backends.installed().names()) {
                try (Classifier classifier = Tailor.open(models.get(trainedOn), servedOn)) {
                    assertAlike(predictions.get(trainedOn), classifier.predictAll(test), trainedOn + " served on " + servedOn);
                }
            }
        }
    }

    static List<String> installed() {
        return Backends.installed().trainerNames();
    }

    @ParameterizedTest(name = "trained on {0}")
    @MethodSource("installed")
    void pytorchRebuildsTheModelAndPredictsTheSame(String trainedOn) throws Exception {
        assumeTrue(torchAvailable(), "python3 with torch and numpy is not installed (CI installs it)");
        Path out = dir.resolve("pytorch-" + trainedOn + ".json");

        String output = python(models.get(trainedOn).toString(), TestData.subsetDirectory().toString(), "--probabilities", out.toString());

        assertThat(new ObjectMapper().readTree(lastLine(output)).get("model").asText()).isEqualTo("every-layer");
        List<List<Double>> rows = new ObjectMapper().readValue(out.toFile(), new TypeReference<>() { });
        List<Prediction> pytorch = new ArrayList<>();
        for (List<Double> row : rows) {
            float[] p = new float[row.size()];
            for (int c = 0; c < p.length; c++) {
                p[c] = row.get(c).floatValue();
            }
            pytorch.add(new Prediction(test.classNames(), p));
        }
        assertAlike(predictions.get(trainedOn), pytorch, trainedOn + " in PyTorch");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seed-cnn-layers.json", "cnn-bn.json", "resnet-small.json"})
    void pytorchCountsTheParametersAndBuffersTheSummaryReports(String file) throws Exception {
        assumeTrue(torchAvailable(), "python3 with torch and numpy is not installed (CI installs it)");
        TailorConfig config = ConfigFiles.read(Path.of(System.getProperty("tailor.configs"), file));
        Path model = dir.resolve("count-" + file);
        ModelFiles.save(model, config.model(), test.classNames(), Weights.initial(config.model(), 1),
                new Provenance("test", "none", "none", config.training(), DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());

        JsonNode counts = new ObjectMapper().readTree(lastLine(python("--count", model.toString())));

        assertThat(counts.get("parameters").asLong()).isEqualTo(config.model().parameterCount());
        assertThat(counts.get("buffers").asLong()).isEqualTo(config.model().nonTrainableCount());
    }

    private static void assertAlike(List<Prediction> expected, List<Prediction> actual, String what) {
        int same = 0;
        double largest = 0;
        for (int i = 0; i < expected.size(); i++) {
            same += expected.get(i).classIndex() == actual.get(i).classIndex() ? 1 : 0;
            largest = Math.max(largest, expected.get(i).maxDifference(actual.get(i)));
        }
        assertThat(actual).hasSize(1000);
        assertThat(same).as("same class on the 1,000 test images, " + what).isGreaterThanOrEqualTo(999);
        assertThat(largest).as("largest probability difference, " + what).isLessThan(1e-4);
    }

    private static String python(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, System.getProperty("tailor.pytorch.script")));
        command.addAll(List.of(arguments));
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output;
    }

    private static String lastLine(String output) {
        return output.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static boolean torchAvailable() throws Exception {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").start();
            return check.waitFor(120, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException noPython) {
            return false;
        }
    }
}
