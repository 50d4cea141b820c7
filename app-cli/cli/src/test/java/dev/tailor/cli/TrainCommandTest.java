package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tailor train} end to end on the committed slice of the real data. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config(int trainLimit, String output) throws IOException {
        return Files.writeString(dir.resolve("run.json"), """
                {"data": {"dir": "%s", "trainLimit": %d, "testLimit": 500},
                 "training": {"epochs": 2, "batchSize": 32, "seed": 42},
                 "output": "%s"}""".formatted(TestData.subsetDirectory(), trainLimit, output));
    }

    @Test
    void trainsAndWritesTheResolvedConfigHistoryAndMetrics() throws IOException {
        Path out = dir.resolve("runs/first");

        Cli.Result result = Cli.run("train", "--config", config(1500, out.toString()).toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Training seed-cnn (121,930 parameters) on djl: DJL 0.36.0 with PyTorch 2.7.1")
                .contains("epoch 1/2 done").contains("epoch 2/2 done").contains("test accuracy");
        assertThat(out).isDirectoryContaining(p -> p.getFileName().toString().equals("metrics.json"));
        assertThat(Files.list(out.getParent())).as("no staging directories left").containsExactly(out);

        JsonNode run = JSON.readTree(out.resolve("history.json").toFile());
        JsonNode history = run.get("epochs");
        assertThat(history).hasSize(2);
        for (String field : new String[] {"epoch", "trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy", "testLoss",
                "testAccuracy", "learningRate", "seconds", "imagesPerSecond"}) {
            assertThat(history.get(1).has(field)).as(field).isTrue();
        }
        assertThat(history.get(1).get("validationAccuracy").isNull()).isTrue();
        assertThat(history.get(1).get("learningRate").asDouble()).isEqualTo(0.001);
        assertThat(run.get("keptEpoch").asInt()).isEqualTo(2);
        assertThat(run.get("stopReason").asText()).isEqualTo("completed all 2 epochs");
        assertThat(history.get(1).get("trainLoss").asDouble()).isLessThan(history.get(0).get("trainLoss").asDouble());

        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        double accuracy = metrics.get("accuracy").asDouble();
        assertThat(accuracy).isBetween(0.6, 1.0);
        assertThat(accuracy).isEqualTo(history.get(1).get("testAccuracy").asDouble());
        JsonNode matrix = metrics.get("confusionMatrix");
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                total += matrix.get(i).get(j).asLong();
                diagonal += i == j ? matrix.get(i).get(j).asLong() : 0;
            }
        }
        assertThat(total).isEqualTo(500);
        assertThat((double) diagonal / total).isEqualTo(accuracy);
        assertThat(metrics.get("perClass")).hasSize(10);
        assertThat(metrics.get("perClass").get(1).get("className").asText()).isEqualTo("Trouser");

        var written = ConfigFiles.read(out.resolve("config.json"));
        assertThat(written.data().directory()).contains(TestData.subsetDirectory());
        assertThat(written.data().trainLimit()).hasValue(1500);
    }

    @Test
    void aRecipeWithAValidationShareScoresItEachEpochAndTheTestSetOnceAtTheEnd() throws IOException {
        Path out = dir.resolve("recipe");
        Path config = Files.writeString(dir.resolve("recipe.json"), """
                {"data": {"dir": "%s", "trainLimit": 1000, "testLimit": 300},
                 "training": {"epochs": 3, "batchSize": 32, "seed": 5,
                   "optimizer": {"type": "adamw", "learningRate": 0.003},
                   "schedule": {"type": "oneCycle"},
                   "augment": {"shift": 2, "flip": true},
                   "labelSmoothing": 0.1,
                   "validation": 0.2,
                   "earlyStopping": {"monitor": "validationAccuracy", "patience": 5},
                   "tta": "flip"},
                 "output": "%s"}""".formatted(TestData.subsetDirectory(), out));

        Cli.Result result = Cli.run("train", "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("val acc").contains("lr ").doesNotContain("  test acc")
                .containsPattern("training completed all 3 epochs; kept epoch \\d; the model holds epoch \\d's weights");
        JsonNode run = JSON.readTree(out.resolve("history.json").toFile());
        JsonNode epochs = run.get("epochs");
        assertThat(epochs).hasSize(3);
        int kept = run.get("keptEpoch").asInt();
        double best = 0;
        for (JsonNode e : epochs) {
            assertThat(e.get("testAccuracy").isNull()).isTrue();
            assertThat(e.get("validationAccuracy").asDouble()).isBetween(0.3, 1.0);
            best = Math.max(best, e.get("validationAccuracy").asDouble());
        }
        assertThat(epochs.get(kept - 1).get("validationAccuracy").asDouble()).isEqualTo(best);
        assertThat(epochs.get(2).get("learningRate").asDouble()).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(epochs.get(0).get("learningRate").asDouble()).isGreaterThan(0.001);
        assertThat(JSON.readTree(out.resolve("metrics.json").toFile()).get("examples").asInt()).isEqualTo(300);
        String manifest = Files.readString(out.resolve("model/manifest.json"));
        assertThat(JSON.readTree(manifest).get("inference").get("tta").asText()).isEqualTo("flip");
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("validation accuracy", "learning rate", "The model holds the weights of epoch " + kept);
    }

    static List<String> installedBackends() {
        return Backends.installed().trainerNames();
    }

    @ParameterizedTest
    @MethodSource("installedBackends")
    void theSameSeedGivesIdenticalMetrics(String backend) throws IOException {
        Path config = config(600, dir.resolve("a").toString());
        Cli.Result a = Cli.run("train", "--config", config.toString(), "--backend", backend);
        Cli.Result b = Cli.run("train", "--config", config.toString(), "--backend", backend, "--output", dir.resolve("b").toString());
        Cli.Result c = Cli.run("train", "--config", config.toString(), "--backend", backend, "--output", dir.resolve("c").toString(),
                "--seed", "43");

        assertThat(a.exitCode() + b.exitCode() + c.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("b/metrics.json"))).isEqualTo(Files.readString(dir.resolve("a/metrics.json")));
        assertThat(Files.readString(dir.resolve("c/metrics.json"))).isNotEqualTo(Files.readString(dir.resolve("a/metrics.json")));
    }

    @Test
    void overridesWinOverTheConfigFileAndOverwriteReplacesAnEarlierRun() throws IOException {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("stale.txt"), "from an earlier run");

        Cli.Result result = Cli.run("train", "--config", config(300, "ignored").toString(), "--epochs", "1",
                "--batch-size", "50", "--test-limit", "100", "--output", out.toString(), "--overwrite");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(out.resolve("stale.txt")).doesNotExist();
        var written = ConfigFiles.read(out.resolve("config.json"));
        assertThat(written.training().epochs()).isEqualTo(1);
        assertThat(written.training().batchSize()).isEqualTo(50);
        assertThat(written.data().testLimit()).hasValue(100);
        assertThat(JSON.readTree(out.resolve("metrics.json").toFile()).get("examples").asInt()).isEqualTo(100);
    }
}
