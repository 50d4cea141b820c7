package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.SafeTensors;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Train on one engine, serve on the other, in a fresh process, from image files. */
class ModelPortabilityTest {
    @TempDir
    Path dir;

    private Path train(String backend, String name) {
        Path out = dir.resolve(name);
        Cli.Result result = Cli.run("train", "--backend", backend, "--data", TestData.subsetDirectory().toString(),
                "--train-limit", "2000", "--test-limit", "200", "--epochs", "1", "--output", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return out.resolve("model");
    }

    /** Every installed backend that trains, with every other installed backend (those that only serve included). */
    static Stream<Arguments> backendPairs() {
        List<String> names = Backends.installed().names();
        return Backends.installed().trainerNames().stream().flatMap(a -> names.stream().filter(b -> !b.equals(a)).map(b -> Arguments.of(a, b)));
    }

    @ParameterizedTest(name = "trained on {0}, served on {1}")
    @MethodSource("backendPairs")
    void aModelTrainedOnOneBackendPredictsTheSameOnTheOther(String trainedOn, String servedOn) {
        Path model = train(trainedOn, "run-" + trainedOn);
        Dataset test = TestData.test();

        List<Prediction> original;
        List<Prediction> moved;
        try (Classifier a = Tailor.open(model, trainedOn); Classifier b = Tailor.open(model, servedOn)) {
            original = a.predictAll(test);
            moved = b.predictAll(test);
        }

        int same = 0;
        double largest = 0;
        for (int i = 0; i < test.size(); i++) {
            same += original.get(i).classIndex() == moved.get(i).classIndex() ? 1 : 0;
            largest = Math.max(largest, original.get(i).maxDifference(moved.get(i)));
        }
        assertThat(same).as("same class on the 1,000 test images").isGreaterThanOrEqualTo(999);
        assertThat(largest).as("largest probability difference").isLessThan(1e-4);
    }

    @Test
    void aFreshProcessPredictsFromPngsExactlyWhatTheModelPredictedFromTheIdxImages() throws Exception {
        Path model = train("djl", "run");
        Dataset test = TestData.test().take(12);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            files.add(writePng(test, i).toString());
        }
        List<Prediction> before;
        try (Classifier classifier = Tailor.open(model)) {
            before = classifier.predict(test.batches(test.size()).iterator().next().images());
        }

        List<String> args = new ArrayList<>(List.of("predict", "--json", "--top", "10", "--model", model.toString()));
        args.addAll(files);
        Cli.Result result = Cli.start(dir, List.of(), args.toArray(String[]::new)).await(120);
        assertThat(result.exitCode()).as(result.err()).isZero();

        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(test.size());
        for (int i = 0; i < test.size(); i++) {
            JsonNode entry = new ObjectMapper().readTree(lines.get(i));
            assertThat(entry.get("file").asText()).isEqualTo(files.get(i));
            assertThat(entry.get("className").asText()).isEqualTo(before.get(i).className());
            for (JsonNode score : entry.get("top")) {
                int c = FashionMnist.CLASS_NAMES.indexOf(score.get("className").asText());
                assertThat((float) score.get("probability").asDouble()).as("image %d, %s", i, score.get("className"))
                        .isEqualTo(before.get(i).probability(c));
            }
        }
    }

    private Path writePng(Dataset data, int index) throws IOException {
        return Files.write(dir.resolve("test-" + index + ".png"), ImageExport.png(data, index));
    }

    @Test
    void exportWritesTheWeightsAloneAndInitFromStartsTrainingFromThem() throws IOException {
        Path model = train("dl4j", "run");
        Path exported = dir.resolve("weights/seed-cnn.safetensors");

        Cli.Result export = Cli.run("export", "--model", model.toString(), "--output", exported.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(SafeTensors.read(exported).weights()).isEqualTo(ModelFiles.load(model).weights());

        // One tiny SGD step from the exported weights keeps their accuracy; from scratch it would be near chance.
        Path config = Files.writeString(dir.resolve("tiny-step.json"),
                "{\"training\": {\"epochs\": 1, \"batchSize\": 32, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 1e-6}}}");
        Cli.Result resumed = Cli.run("train", "--config", config.toString(), "--backend", "djl", "--init-from", exported.toString(),
                "--data", TestData.subsetDirectory().toString(), "--train-limit", "32", "--test-limit", "200",
                "--output", dir.resolve("resumed").toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        double before = metric(model.resolveSibling("metrics.json"));
        double after = metric(dir.resolve("resumed/metrics.json"));
        assertThat(before).isGreaterThan(0.6);
        assertThat(after).isCloseTo(before, org.assertj.core.api.Assertions.within(0.01));
    }

    private static double metric(Path metrics) throws IOException {
        return new ObjectMapper().readTree(metrics.toFile()).get("accuracy").asDouble();
    }
}
