package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void comparesBothBackendsOnTheSameTraining() throws IOException {
        Path out = dir.resolve("cmp");

        Cli.Result result = Cli.run("compare", "--data", TestData.subsetDirectory().toString(), "--train-limit", "1200",
                "--test-limit", "400", "--epochs", "1", "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("| test accuracy |", "| dl4j vs djl |", "McNemar exact p");
        assertThat(out.resolve("comparison.md")).content().contains("## Accuracy per class", "| Ankle boot |");
        assertThat(out.resolve("dl4j/metrics.json")).exists();
        assertThat(out.resolve("djl/history.json")).exists();

        JsonNode json = new ObjectMapper().readTree(out.resolve("comparison.json").toFile());
        JsonNode backends = json.get("backends");
        assertThat(backends).hasSize(2);
        assertThat(backends.get(0).get("backend").asText()).isEqualTo("dl4j");
        assertThat(backends.get(1).get("backend").asText()).isEqualTo("djl");
        for (JsonNode b : backends) {
            assertThat(b.get("testAccuracy").asDouble()).isBetween(0.5, 1.0);
            assertThat(b.get("perClassAccuracy")).hasSize(10);
            assertThat(b.get("trainingImagesPerSecond").asDouble()).isPositive();
            assertThat(b.get("inferenceImagesPerSecond").asDouble()).isPositive();
            assertThat(b.get("peakMemoryBytes").asLong()).isGreaterThan(50L << 20);
        }
        JsonNode pair = json.get("pairs").get(0);
        assertThat(pair.get("examples").asInt()).isEqualTo(400);
        long split = pair.get("bothRight").asLong() + pair.get("onlyFirstRight").asLong()
                + pair.get("onlySecondRight").asLong() + pair.get("bothWrong").asLong();
        assertThat(split).isEqualTo(400);
        assertThat(pair.get("agreement").asDouble()).isBetween(0.7, 1.0);
        assertThat(pair.get("mcNemarP").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void rejectsUnknownOrTooFewBackendsBeforeTrainingAnything() {
        Path out = dir.resolve("cmp");

        Cli.Result unknown = Cli.run("compare", "--backends", "dl4j,tensorflow", "--output", out.toString());
        Cli.Result single = Cli.run("compare", "--backends", "djl", "--output", out.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("tailor: error: unknown backend 'tensorflow'; installed backends: djl, dl4j");
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err().strip()).isEqualTo("tailor: error: --backends needs at least two different backends, got djl");
        assertThat(unknown.out()).doesNotContain("epoch");
        assertThat(out).doesNotExist();
    }

    @Test
    void withEngineInitialisationBackendsStartApartUnlessAskedToShare() throws IOException {
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("engine-init.json"),
                "{\"training\": {\"epochs\": 1, \"init\": \"engine\"}}");
        String[] common = {"compare", "--config", config.toString(), "--data", TestData.subsetDirectory().toString(),
                "--train-limit", "320", "--test-limit", "100"};

        Cli.Result apart = Cli.run(concat(common, "--output", dir.resolve("apart").toString()));
        Cli.Result shared = Cli.run(concat(common, "--same-init", "--output", dir.resolve("shared").toString()));

        assertThat(apart.exitCode()).as(apart.err()).isZero();
        assertThat(shared.exitCode()).as(shared.err()).isZero();
        assertThat(initialWeights(dir.resolve("apart"))).doesNotHaveDuplicates();
        assertThat(initialWeights(dir.resolve("shared"))).hasSize(2).containsOnly(initialWeights(dir.resolve("shared")).get(0));
        assertThat(dir.resolve("shared/comparison.md")).content().contains("Every backend started from identical weights");
        assertThat(dir.resolve("apart/comparison.md")).content().contains("Each backend started from its own initial weights");
    }

    private static java.util.List<String> initialWeights(Path run) throws IOException {
        java.util.List<String> fingerprints = new java.util.ArrayList<>();
        new ObjectMapper().readTree(run.resolve("comparison.json").toFile()).get("backends")
                .forEach(b -> fingerprints.add(b.get("initialWeightsSha256").asText()));
        return fingerprints;
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
