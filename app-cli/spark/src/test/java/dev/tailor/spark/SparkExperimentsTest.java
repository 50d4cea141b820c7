package dev.tailor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep and a comparison over seeds trained as Spark tasks ({@code local[2]}: two runs side by side) write the runs
 * an in-process experiment writes: the same models byte for byte and the same metrics, for the same seeds.
 */
@Tag("spark")
class SparkExperimentsTest {
    static final String DATA = TestData.subsetDirectory().toString();

    @TempDir
    Path dir;

    static String[] sweep(Path output, String... more) {
        return sweep(DATA, output.toString(), more);
    }

    /** A 2-run sweep on the test subset; {@code data} and {@code output} as --data and --output take them. */
    static String[] sweep(String data, String output, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--data", data, "--train-limit", "384", "--test-limit", "128",
                "--epochs", "1", "--quiet", "--grid", "{\"training.batchSize\": [32, 64]}", "--output", output));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aSweepOnSparkTrainsTheSameRunsAsInProcess() throws IOException {
        SparkPredictTest.Run here = SparkPredictTest.cli(sweep(dir.resolve("here")));
        SparkPredictTest.Run spark = SparkPredictTest.cli(sweep(dir.resolve("spark"), "--spark", "local[2]"));

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertSameRuns(dir.resolve("here"), dir.resolve("spark"), 2);
        assertThat(Files.readString(dir.resolve("spark/best-config.json")).replace(dir.resolve("spark").toString(), "OUT"))
                .isEqualTo(Files.readString(dir.resolve("here/best-config.json")).replace(dir.resolve("here").toString(), "OUT"));
    }

    @Test
    void aComparisonOverSeedsOnSparkTrainsTheSameRunsAsInProcess() throws IOException {
        String[] common = {"compare", "--data", DATA, "--train-limit", "256", "--test-limit", "128", "--epochs", "1", "--quiet",
                "--seeds", "2"};
        SparkPredictTest.Run here = SparkPredictTest.cli(with(common, "--output", dir.resolve("here").toString()));
        SparkPredictTest.Run spark = SparkPredictTest.cli(with(common, "--output", dir.resolve("spark").toString(), "--spark", "local[2]"));

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertSameRuns(dir.resolve("here"), dir.resolve("spark"), 4);
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Every run directory of one experiment has its twin in the other, with the same weights and test metrics. */
    private static List<String> fileNames(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void assertSameRuns(Path expected, Path actual, int runs) throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.walk(expected)) {
            models = files.filter(p -> p.getFileName().toString().equals("weights.safetensors")).sorted().toList();
        }
        assertThat(models).hasSize(runs);
        for (Path weights : models) {
            Path twin = actual.resolve(expected.relativize(weights));
            assertThat(twin).as("run of " + weights).exists();
            assertThat(Files.readAllBytes(twin)).as(expected.relativize(weights).toString()).isEqualTo(Files.readAllBytes(weights));
            Path run = weights.getParent().getParent();
            Path metrics = run.resolve("metrics.json");
            assertThat(Files.readString(actual.resolve(expected.relativize(metrics)))).isEqualTo(Files.readString(metrics));
            // The same files: plots and report.html drawn for runs trained on the cluster too.
            assertThat(fileNames(actual.resolve(expected.relativize(run)))).as("files of " + run).isEqualTo(fileNames(run))
                    .contains("report.html", "curves.png", "confusion.png");
        }
    }
}
