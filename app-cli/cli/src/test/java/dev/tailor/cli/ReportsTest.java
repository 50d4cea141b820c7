package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What train, evaluate, compare and dataset --samples draw: real PNGs of the designed sizes and a complete page. */
class ReportsTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        Cli.Result result = Cli.run("train", "--data", TestData.subsetDirectory().toString(), "--train-limit", "1000",
                "--test-limit", "300", "--epochs", "2", "--output", run.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    private static BufferedImage png(Path file, int width, int height) throws IOException {
        assertThat(file).exists();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " decodes as an image").isNotNull();
        assertThat(image.getWidth()).as(file + " width").isEqualTo(width);
        assertThat(image.getHeight()).as(file + " height").isEqualTo(height);
        return image;
    }

    private static void assertCompletePage(Path html) throws IOException {
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,").doesNotContain("src=\"http", "<script");
        for (String name : FashionMnist.CLASS_NAMES) {
            assertThat(page).as("report names " + name).contains(name);
        }
    }

    @Test
    void trainDrawsCurvesConfusionSamplesMistakesAndAPage() throws IOException {
        png(run.resolve("curves.png"), 1800, 450);  // loss, accuracy and the learning rate side by side
        png(run.resolve("confusion.png"), 770, 820);
        png(run.resolve("samples.png"), 810, 730);
        png(run.resolve("mistakes.png"), 810, 810);
        assertCompletePage(run.resolve("report.html"));
        assertThat(run.resolve("report.html")).content().contains("Loss and accuracy per epoch", "Most confident mistakes",
                "Total params: 121,930", "&quot;epochs&quot; : 2");
    }

    @Test
    void theSamplesShowRealImagesNotBlankTiles() throws IOException {
        BufferedImage samples = png(run.resolve("samples.png"), 810, 730);
        // The first test image is a mid-gray ankle boot on black: its tile holds both, a blank tile would not.
        int lit = 0;
        int dark = 0;
        for (int y = 40; y < 40 + 112; y++) {
            for (int x = 29; x < 29 + 112; x++) {
                int gray = samples.getRGB(x, y) & 0xFF;
                lit += gray > 60 ? 1 : 0;
                dark += gray < 30 ? 1 : 0;
            }
        }
        assertThat(lit).isGreaterThan(1500);
        assertThat(dark).isGreaterThan(2000);
    }

    @Test
    void evaluateDrawsItsOwnReport() throws IOException {
        Path out = dir.resolve("evaluation");
        Cli.Result result = Cli.run("evaluate", "--model", run.resolve("model").toString(), "--backend", "dl4j",
                "--data", TestData.subsetDirectory().toString(), "--test-limit", "300", "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        png(out.resolve("confusion.png"), 770, 820);
        png(out.resolve("mistakes.png"), 810, 810);
        assertCompletePage(out.resolve("report.html"));
        assertThat(out.resolve("metrics.json")).exists();
    }

    @Test
    void compareDrawsPerClassAccuracySideBySide() throws IOException {
        Path out = dir.resolve("compare");
        Cli.Result result = Cli.run("compare", "--data", TestData.subsetDirectory().toString(), "--train-limit", "600",
                "--test-limit", "200", "--epochs", "1", "--quiet", "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("epoch 1/1");
        png(out.resolve("per-class.png"), 1100, 500);
        png(out.resolve("curves.png"), 1200, 450);
        for (String backend : dev.tailor.domain.spi.Backends.installed().trainerNames()) {
            png(out.resolve(backend).resolve("confusion.png"), 770, 820);
        }
        assertCompletePage(out.resolve("report.html"));
    }

    @Test
    void datasetDrawsTenImagesOfEveryClass() throws IOException {
        Path samples = dir.resolve("pictures/classes.png");
        Cli.Result result = Cli.run("dataset", "--dir", TestData.subsetDirectory().toString(), "--samples", samples.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        png(samples, 1330, 1260);
    }
}
