package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} over a directory tree of real test images written as PNGs, with a corrupt file among them: every
 * image gets exactly the classifier's probabilities, in each format, and the bad one its own line.
 */
class PredictCommandTest {
    private static final int IMAGES = 300;

    @TempDir
    static Path dir;
    static Path model;
    static Path images;
    static List<Prediction> expected;

    @BeforeAll
    static void exportImagesAndPredictThemInProcess() throws IOException {
        model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 7),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        images = dir.resolve("images");
        Cli.Result export = Cli.run("dataset", "--dir", TestData.subsetDirectory().toString(), "--export-images",
                images.toString(), "--limit", String.valueOf(IMAGES));
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("wrote 300 test images and labels.csv to " + images.toAbsolutePath());
        // Nested directories, and a PNG cut in half among them.
        Files.createDirectories(images.resolve("shoes/more"));
        for (int i = 0; i < 40; i++) {
            String name = String.format("%05d.png", i);
            Files.move(images.resolve(name), images.resolve(i < 20 ? "shoes" : "shoes/more").resolve(name));
        }
        byte[] png = Files.readAllBytes(images.resolve("00299.png"));
        Files.write(images.resolve("shoes/corrupt.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Dataset test = TestData.test().take(IMAGES);
        try (Classifier classifier = Tailor.open(model)) {
            expected = classifier.predictAll(test);
        }
    }

    private static int index(String file) {
        return Integer.parseInt(Path.of(file).getFileName().toString().replace(".png", ""));
    }

    @Test
    void jsonLinesGiveEveryImageTheClassifiersProbabilitiesAndTheCorruptFileAnError() throws IOException {
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--json", "--top", "10", "--batch-size", "32",
                images.toString());

        assertThat(result.exitCode()).isEqualTo(PredictCommand.SOME_FAILED);
        assertThat(result.err().strip()).isEqualTo("tailor: 1 of 301 files could not be classified");
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(IMAGES + 1);
        ObjectMapper json = new ObjectMapper();
        int classified = 0;
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            String file = entry.get("file").asText();
            if (file.endsWith("corrupt.png")) {
                assertThat(file).isEqualTo(images.resolve("shoes/corrupt.png").toString());
                assertThat(entry.get("error").asText()).startsWith("not a readable image");
                continue;
            }
            Prediction p = expected.get(index(file));
            assertThat(entry.get("className").asText()).isEqualTo(p.className());
            assertThat(entry.get("top")).hasSize(10);
            for (JsonNode score : entry.get("top")) {
                int c = FashionMnist.CLASS_NAMES.indexOf(score.get("className").asText());
                assertThat((float) score.get("probability").asDouble()).as(file).isEqualTo(p.probability(c));
            }
            classified++;
        }
        assertThat(classified).isEqualTo(IMAGES);
    }

    @Test
    void csvHasAHeaderAndOneRowPerFile() {
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", "--top", "2", images.resolve("shoes").toString());

        List<String> rows = result.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("file,class,probability,class_2,probability_2,error");
        assertThat(rows).hasSize(1 + 41);
        for (String row : rows.subList(1, rows.size())) {
            if (row.contains("corrupt.png")) {
                assertThat(row).startsWith(images.resolve("shoes/corrupt.png") + ",,,,,not a readable image: ");
                continue;
            }
            String[] cells = row.split(",", -1);
            Prediction p = expected.get(index(cells[0]));
            assertThat(cells).hasSize(6);
            assertThat(cells[1]).isEqualTo(p.className());
            assertThat(Float.parseFloat(cells[2])).isEqualTo(p.probability());
            assertThat(cells[3]).isEqualTo(p.top(2).get(1).className());
            assertThat(cells[5]).isEmpty();
        }
    }

    @Test
    void textNamesEachFileAndItsTopClasses() {
        Path one = images.resolve("00100.png");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--top", "1", one.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        Prediction p = expected.get(100);
        assertThat(result.out()).isEqualTo(String.format(java.util.Locale.ROOT, "%s: %s %.1f%%%n", one, p.className(), 100 * p.probability()));
    }

    /** libtorch logs two warnings per small-batch forward pass on CPUs without NNPACK unless the adapter quiets it. */
    @Test
    void aFreshProcessPrintsResultsAndNothingElse() {
        Cli.Result result = Cli.start(dir, List.of(), "predict", "--model", model.toString(), "--batch-size", "1",
                images.resolve("00100.png").toString(), images.resolve("00101.png").toString()).await(120);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(2);
        assertThat(result.err()).isEmpty();
    }
}
