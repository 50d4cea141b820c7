package dev.tailor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.cli.TailorCli;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tailor predict --spark} inside this JVM ({@code local[*]}) over test images written as PNGs in a tree with a
 * half PNG among them: one row per image with exactly {@code tailor predict}'s class and its probabilities (to 1e-5:
 * Spark's partitions group images into other batches, and engines round the last bits by batch size), an error row for
 * the broken file, exit code 3; Parquet input with an image-bytes column gives the same rows. Tagged {@code spark}: run
 * with Spark's Servlet 5 API in place of the server's 6 (app-cli's pom).
 */
@Tag("spark")
class SparkPredictTest {
    static final int IMAGES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;
    static Path images;
    static Map<String, Map<String, Double>> expected;

    record Run(int exitCode, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TailorCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Test images as PNGs under nested directories, one of them cut in half, and tailor predict's answers for them. */
    static Path exportImages(Path into, int count) throws IOException {
        return exportImages(into, "test", count);
    }

    static Path exportImages(Path into, String part, int count) throws IOException {
        Run export = cli("dataset", "--dir", TestData.subsetDirectory().toString(), "--export-images", into.toString(),
                "--part", part, "--limit", String.valueOf(count));
        assertThat(export.exitCode()).as(export.err()).isZero();
        Files.createDirectories(into.resolve("nested/deeper"));
        for (int i = 0; i < 50; i++) {
            String name = String.format("%05d.png", i);
            Files.move(into.resolve(name), into.resolve(i % 2 == 0 ? "nested" : "nested/deeper").resolve(name));
        }
        byte[] png = Files.readAllBytes(into.resolve("00100.png"));
        Files.write(into.resolve("nested/broken.png"), java.util.Arrays.copyOf(png, png.length / 2));
        return into;
    }

    static Map<String, Map<String, Double>> predictInProcess(Path model, Path images) throws IOException {
        Run run = cli("predict", "--model", model.toString(), "--json", "--top", "10", images.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        Map<String, Map<String, Double>> byFile = new HashMap<>();
        for (String line : run.out().lines().toList()) {
            JsonNode entry = JSON.readTree(line);
            if (entry.has("error")) {
                continue;
            }
            Map<String, Double> probabilities = new HashMap<>();
            entry.get("top").forEach(s -> probabilities.put(s.get("className").asText(), s.get("probability").asDouble()));
            byFile.put(entry.get("file").asText(), probabilities);
        }
        return byFile;
    }

    static Path saveModel(Path into) {
        ModelFiles.save(into, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 3),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        return into;
    }

    /** Every image has a row equal to tailor predict's, and the broken file an error row. */
    static void assertRowsMatch(List<Row> rows, Map<String, Map<String, Double>> expected, Path broken) {
        assertRowsMatch(rows, expected, broken.toString());
    }

    /** The same, for files named by URI ({@code hdfs://...}). */
    static void assertRowsMatch(List<Row> rows, Map<String, Map<String, Double>> expected, String broken) {
        assertThat(rows).hasSize(expected.size() + 1);
        int errors = 0;
        for (Row row : rows) {
            String file = row.getAs("file");
            if (row.getAs("error") != null) {
                assertThat(file).isEqualTo(broken);
                assertThat(row.<String>getAs("error")).startsWith("not a readable image");
                errors++;
                continue;
            }
            Map<String, Double> want = expected.get(file);
            assertThat(want).as(file).isNotNull();
            String best = java.util.Collections.max(want.entrySet(), Map.Entry.comparingByValue()).getKey();
            assertThat(row.<String>getAs("class")).as(file).isEqualTo(best);
            List<Row> top = row.getList(row.fieldIndex("top"));
            assertThat(top).hasSize(3);
            for (Row score : top) {
                assertThat(score.getDouble(1)).as(file).isCloseTo(want.get(score.getString(0)), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        assertThat(errors).isEqualTo(1);
    }

    @BeforeAll
    static void setUp() throws IOException {
        model = saveModel(dir.resolve("model"));
        images = exportImages(dir.resolve("images"), IMAGES);
        expected = predictInProcess(model, images);
    }

    /** A session of the test's own, stopped before the CLI starts its own (Spark allows one per JVM). */
    static <T> T withSpark(java.util.function.Function<SparkSession, T> work) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            return work.apply(spark);
        } finally {
            spark.stop();
        }
    }

    static List<Row> read(Path parquet) {
        return withSpark(spark -> spark.read().parquet(parquet.toString()).collectAsList());
    }

    @Test
    void aDirectoryOfImagesOnLocalSparkGivesPredictsAnswersAndAnErrorRow() {
        Path out = dir.resolve("predictions.parquet");
        Run run = cli("predict", "--model", model.toString(), "--spark", "--input", images.toString(), "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEqualTo(String.format("wrote 1,001 rows to %s (1 could not be classified)%n", out));
        assertThat(run.err()).isEmpty();
        assertRowsMatch(read(out), expected, images.resolve("nested/broken.png"));
    }

    @Test
    void parquetRowsWithImageBytesGiveTheSameRows() throws IOException {
        Path table = dir.resolve("catalogue.parquet");
        List<Row> rows = new java.util.ArrayList<>();
        try (var files = Files.walk(images)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                rows.add(org.apache.spark.sql.RowFactory.create(f.toString(), Files.readAllBytes(f)));
            }
        }
        var schema = org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("sku", org.apache.spark.sql.types.DataTypes.StringType, false),
                org.apache.spark.sql.types.DataTypes.createStructField("photo", org.apache.spark.sql.types.DataTypes.BinaryType, false)));
        withSpark(spark -> {
            spark.createDataFrame(rows, schema).write().parquet(table.toString());
            return table;
        });
        Path out = dir.resolve("from-parquet.parquet");

        Run run = cli("predict", "--model", model.toString(), "--spark", "local[2]", "--input", table.toString(),
                "--image-column", "photo", "--key-column", "sku", "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertRowsMatch(read(out), expected, images.resolve("nested/broken.png"));
    }

    @Test
    void aMissingColumnOrAnExistingOutputIsOneLine() throws IOException {
        Path out = dir.resolve("exists.parquet");
        Files.createDirectories(out);
        Run exists = cli("predict", "--model", model.toString(), "--spark", "--input", images.toString(), "--output", out.toString());
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(exists.err().strip()).isEqualTo("tailor: error: --output " + out + " already exists; choose a new path");

        Run noPaths = cli("predict", "--model", model.toString(), "--spark", "--input", images.toString(), "--output",
                dir.resolve("x.parquet").toString(), "extra.png");
        assertThat(noPaths.exitCode()).isEqualTo(2);
        assertThat(noPaths.err()).startsWith("tailor: error: --spark reads --input, not PATH arguments: extra.png");
    }

    /** Nothing listens at the master's address: one line naming it, not Spark's minute of retries and an internal error. */
    @Test
    void anUnreachableMasterIsOneLine() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        for (List<String> command : List.of(
                List.of("predict", "--model", model.toString(), "--spark", master, "--input", images.toString(), "--output",
                        dir.resolve("never.parquet").toString()),
                List.of("sweep", "--spark", master, "--grid", "{\"training.seed\":[1,2]}", "--output", dir.resolve("never").toString()))) {
            Run run = cli(command.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).startsWith("tailor: error: cannot reach the Spark master " + master + " (127.0.0.1:" + port + ": ")
                    .contains("refused").endsWith("); is a master running there?\n");
        }
        assertThat(dir.resolve("never.parquet")).doesNotExist();
    }
}
