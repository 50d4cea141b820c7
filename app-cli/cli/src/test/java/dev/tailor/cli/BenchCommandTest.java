package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's structure and the sanity of its numbers; never its speed, which depends on the machine. */
class BenchCommandTest {
    private static final String DATA = TestData.subsetDirectory().toString();

    @Test
    void everyInstalledBackendGetsSaneConsistentFigures() throws IOException {
        Cli.Result result = Cli.run("bench", "--data", DATA, "--warmup", "2", "--batches", "4", "--latency", "30",
                "--test-limit", "200", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("model").asText()).isEqualTo("seed-cnn");
        long multiplyAdds = json.get("multiplyAddsPerImage").asLong();
        assertThat(multiplyAdds).isEqualTo(2_528_000L);
        JsonNode backends = json.get("backends");
        assertThat(backends).extracting(b -> b.get("backend").asText()).containsExactlyElementsOf(Backends.installed().trainerNames());
        for (JsonNode b : backends) {
            JsonNode training = b.get("training");
            double rate = training.get("imagesPerSecond").asDouble();
            assertThat(rate).as(b.get("backend").asText()).isPositive().isFinite();
            assertThat(training.get("warmupImagesPerSecond").asDouble()).isPositive();
            assertThat(training.get("gflops").asDouble()).isCloseTo(6.0 * multiplyAdds * rate / 1e9, within(1e-9));
            assertServingFigures(b);
        }
    }

    @Test
    void aBackendThatOnlyServesIsMeasuredOnWhatThePreferredTrainerTrained() throws IOException {
        Cli.Result result = Cli.run("bench", "--data", DATA, "--warmup", "2", "--batches", "4", "--latency", "30",
                "--test-limit", "200", "--backends", "onnx", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode backends = new ObjectMapper().readTree(result.out()).get("backends");
        assertThat(backends).extracting(b -> b.get("backend").asText())
                .containsExactly(Backends.installed().preferredTrainer().name(), "onnx");
        assertThat(backends.get(0).get("training").get("imagesPerSecond").asDouble()).isPositive();
        assertThat(backends.get(1).get("training").isNull()).isTrue();
        assertServingFigures(backends.get(1));
    }

    @Test
    void aSavedModelIsMeasuredOnEveryBackendWithoutTraining(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 7),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());

        Cli.Result result = Cli.run("bench", "--data", DATA, "--model", model.toString(), "--latency", "30", "--test-limit", "200");

        assertThat(result.exitCode()).as(result.err()).isZero();
        for (String backend : Backends.installed().names()) {
            assertThat(result.out()).containsPattern("(?m)^" + backend + " +- +- +[0-9,]+ +[0-9.]+ +[0-9.]+ +[0-9,]+ +-$");
        }
    }

    private static void assertServingFigures(JsonNode b) {
        assertThat(b.get("inferenceImagesPerSecond").asDouble()).isPositive();
        assertThat(b.get("latencyP50Millis").asDouble()).isPositive().isLessThanOrEqualTo(b.get("latencyP99Millis").asDouble());
        assertThat(b.get("peakMemoryBytes").asLong()).isGreaterThan(50L << 20);
        assertThat(b.get("batchSize").asInt()).isEqualTo(32);
    }

    @Test
    void moreBatchesThanTheDataHoldsIsRefused() {
        Cli.Result result = Cli.run("bench", "--data", DATA, "--warmup", "50", "--batches", "100", "--backends",
                Backends.installed().names().get(0));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("tailor: error: the benchmark trains 4800 images (50 + 100 batches of 32) "
                + "but the data has 3000");
    }
}
