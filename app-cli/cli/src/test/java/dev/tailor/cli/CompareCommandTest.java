package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static final String DATA = TestData.subsetDirectory().toString();
    private static final List<String> INSTALLED = Backends.installed().trainerNames();

    @TempDir
    Path dir;

    private static Cli.Result compare(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "--data", DATA, "--train-limit", "640", "--test-limit", "300",
                "--epochs", "1", "--quiet", "--output", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void everyInstalledBackendOverSeveralSeedsWithItsStatistics() throws IOException {
        Path out = dir.resolve("cmp");

        Cli.Result result = compare(out, "--seeds", "2", "--seed", "7");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("== run 1 of " + 2 * INSTALLED.size(), "| 95% confidence interval |",
                "## Paired tests over seeds", "McNemar exact p");
        assertThat(result.out()).containsAnyOf("No difference detected at 2 seeds", "more accurate than");
        JsonNode comparison = json(out.resolve("comparison.json"));
        assertThat(comparison.get("seeds")).hasSize(2);
        assertThat(comparison.get("seeds").get(1).asLong()).isEqualTo(8);
        JsonNode backends = comparison.get("backends");
        assertThat(backends).hasSize(INSTALLED.size());
        for (int b = 0; b < INSTALLED.size(); b++) {
            JsonNode backend = backends.get(b);
            assertThat(backend.get("backend").asText()).isEqualTo(INSTALLED.get(b));
            double sum = 0;
            for (JsonNode run : backend.get("runs")) {
                // Every run is a normal run directory, and the comparison reports exactly what it measured.
                Path runDir = out.resolve(run.get("directory").asText());
                assertThat(runDir).isEqualTo(out.resolve("seed-" + run.get("seed").asLong()).resolve(INSTALLED.get(b)));
                assertThat(runDir.resolve("model/manifest.json")).isRegularFile();
                assertThat(runDir.resolve("report.html")).isRegularFile();
                assertThat(run.get("testAccuracy").asDouble()).isEqualTo(json(runDir.resolve("metrics.json")).get("accuracy").asDouble());
                sum += run.get("testAccuracy").asDouble();
            }
            JsonNode accuracy = backend.get("testAccuracy");
            assertThat(accuracy.get("mean").asDouble()).isCloseTo(sum / 2, within(1e-12));
            assertThat(accuracy.get("ci95Low").asDouble()).isLessThanOrEqualTo(accuracy.get("mean").asDouble());
            assertThat(backend.get("perClassAccuracy")).hasSize(10);
        }
        JsonNode pair = comparison.get("pairs").get(0);
        JsonNode difference = pair.get("accuracyDifference").get("difference");
        assertThat(difference.get("mean").asDouble()).isCloseTo(
                backends.get(0).get("testAccuracy").get("mean").asDouble() - backends.get(1).get("testAccuracy").get("mean").asDouble(),
                within(1e-12));
        for (JsonNode seed : pair.get("perSeed")) {
            long onlyFirst = seed.get("onlyFirstRight").asLong();
            long onlySecond = seed.get("onlySecondRight").asLong();
            assertThat(seed.get("bothRight").asLong() + onlyFirst + onlySecond + seed.get("bothWrong").asLong()).isEqualTo(300);
            assertThat(seed.get("mcNemarP").asDouble()).isCloseTo(exactMcNemar(onlyFirst, onlySecond), within(1e-9));
        }
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<table>", "<td>test accuracy (mean ± sd)</td>").doesNotContain("|---|");
        assertThat(out.resolve("curves.png")).isRegularFile();
        assertThat(out.resolve("per-class.png")).isRegularFile();
    }

    /** Two-sided exact binomial test on the discordant pairs, computed independently of the code under test. */
    private static double exactMcNemar(long b, long c) {
        long n = b + c;
        if (n == 0) {
            return 1;
        }
        BigInteger tail = BigInteger.ZERO;
        for (long i = 0; i <= Math.min(b, c); i++) {
            tail = tail.add(choose(n, i));
        }
        return Math.min(1, 2 * tail.doubleValue() / Math.pow(2, n));
    }

    private static BigInteger choose(long n, long k) {
        BigInteger r = BigInteger.ONE;
        for (long i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }

    @Test
    void eachSeedsAccuracyIsExactlyWhatTrainGetsWithThatSeed() throws IOException {
        Path out = dir.resolve("cmp");
        assertThat(compare(out, "--seeds", "2", "--seed", "42").exitCode()).isZero();

        for (String backend : INSTALLED) {
            Path alone = dir.resolve("train-" + backend);
            Cli.Result train = Cli.run("train", "--backend", backend, "--seed", "43", "--data", DATA, "--train-limit", "640",
                    "--test-limit", "300", "--epochs", "1", "--quiet", "--output", alone.toString());
            assertThat(train.exitCode()).as(train.err()).isZero();
            assertThat(Files.readString(out.resolve("seed-43").resolve(backend).resolve("metrics.json")))
                    .isEqualTo(Files.readString(alone.resolve("metrics.json")));
        }
    }

    @Test
    void anInterruptedComparisonResumesWithOnlyTheMissingRuns() throws IOException {
        Path out = dir.resolve("cmp");
        assertThat(compare(out, "--seeds", "2").exitCode()).isZero();
        JsonNode before = json(out.resolve("comparison.json"));
        String firstBackend = INSTALLED.get(0);
        // As an interruption leaves it: one run missing, no summary yet.
        deleteTree(out.resolve("seed-43").resolve(firstBackend));
        Files.delete(out.resolve("comparison.json"));

        Cli.Result refused = compare(out, "--seeds", "2");
        Cli.Result resumed = compare(out, "--seeds", "2", "--resume");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("tailor: error: output " + out + " already holds an experiment; give "
                + "--resume to finish it, --overwrite to replace it, or another --output");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out().split("already done", -1)).hasSize(2 * INSTALLED.size());
        assertThat(resumed.out()).contains("seed-43/" + firstBackend + ": ");
        JsonNode after = json(out.resolve("comparison.json"));
        Cli.Result changed = compare(out, "--seeds", "2", "--resume", "--batch-size", "16");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("was trained with other settings than this experiment asks for");
        for (int b = 0; b < INSTALLED.size(); b++) {
            assertThat(after.get("backends").get(b).get("testAccuracy").get("values"))
                    .isEqualTo(before.get("backends").get(b).get("testAccuracy").get("values"));
        }
    }

    @Test
    void rejectsUnknownOrTooFewBackendsBeforeTrainingAnything() {
        Path out = dir.resolve("cmp");

        Cli.Result unknown = Cli.run("compare", "--backends", INSTALLED.get(0) + ",tensorflow", "--output", out.toString());
        Cli.Result single = Cli.run("compare", "--backends", INSTALLED.get(0), "--output", out.toString());
        Cli.Result serving = Cli.run("compare", "--backends", INSTALLED.get(0) + ",onnx", "--output", out.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("tailor: error: unknown backend 'tensorflow'; installed backends: "
                + String.join(", ", Backends.installed().names()));
        assertThat(serving.exitCode()).isEqualTo(2);
        assertThat(serving.err().strip()).isEqualTo("tailor: error: backend 'onnx' serves models but cannot train; backends that "
                + "train: " + String.join(", ", INSTALLED));
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err().strip()).isEqualTo("tailor: error: a comparison needs two different backends, or one backend "
                + "over --seeds 2 or more; got " + INSTALLED.get(0) + " with 1 seed");
        assertThat(unknown.out()).doesNotContain("epoch");
        assertThat(out).doesNotExist();
    }

    @Test
    void withEngineInitialisationBackendsStartApartUnlessAskedToShare() throws IOException {
        Path config = Files.writeString(dir.resolve("engine-init.json"), "{\"training\": {\"epochs\": 1, \"init\": \"engine\"}}");
        String[] common = {"compare", "--config", config.toString(), "--data", DATA, "--train-limit", "320", "--test-limit", "100",
                "--quiet"};

        Cli.Result apart = Cli.run(concat(common, "--output", dir.resolve("apart").toString()));
        Cli.Result shared = Cli.run(concat(common, "--same-init", "--output", dir.resolve("shared").toString()));

        assertThat(apart.exitCode()).as(apart.err()).isZero();
        assertThat(shared.exitCode()).as(shared.err()).isZero();
        assertThat(initialWeights(dir.resolve("apart"))).doesNotHaveDuplicates();
        assertThat(initialWeights(dir.resolve("shared"))).hasSize(INSTALLED.size())
                .containsOnly(initialWeights(dir.resolve("shared")).get(0));
        assertThat(dir.resolve("shared/comparison.md")).content().contains("every backend started from identical weights");
        assertThat(dir.resolve("apart/comparison.md")).content().contains("Each backend started from its own initial weights");
    }

    private static List<String> initialWeights(Path run) throws IOException {
        List<String> fingerprints = new ArrayList<>();
        json(run.resolve("comparison.json")).get("backends")
                .forEach(b -> fingerprints.add(b.get("runs").get(0).get("initialWeightsSha256").asText()));
        return fingerprints;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
