package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.TrainedRun;
import dev.tailor.domain.inference.Prediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own-images example on a folder whose classes only colour tells apart: red and green squares of the same
 * luminance (a grayscale model could not learn them), and blue ones. A JPEG of another size is classified by colour.
 */
class OwnImagesTest {
    private static final Map<String, Integer> COLOURS = Map.of("red", 0xFF0000, "green", 0x00820A, "blue", 0x3030FF);

    @TempDir
    Path dir;

    private void square(Path file, int width, int height, int rgb, Random noise, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x >= width / 4 && x < 3 * width / 4 && y >= height / 4 && y < 3 * height / 4;
                int shade = noise.nextInt(40);
                image.setRGB(x, y, inside ? rgb : shade << 16 | shade << 8 | shade);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
    }

    @Test
    void aColourModelTrainedOnAFolderClassifiesAJpegOfAnotherSizeByColour() throws IOException {
        Random noise = new Random(3);
        for (Map.Entry<String, Integer> colour : COLOURS.entrySet()) {
            for (int i = 0; i < 24; i++) {
                square(dir.resolve("train").resolve(colour.getKey()).resolve(i + ".png"), 20 + i, 20 + i % 5, colour.getValue(), noise, "png");
            }
            square(dir.resolve("test").resolve(colour.getKey()).resolve("0.png"), 32, 32, colour.getValue(), noise, "png");
        }
        Path jpeg = dir.resolve("green-80x50.jpg");
        square(jpeg, 80, 50, COLOURS.get("green"), noise, "jpg");

        TrainedRun run = OwnImages.train(dir.resolve("train"), dir.resolve("test"), dir.resolve("run"), 8);
        Prediction green = OwnImages.classify(run.model(), jpeg);

        assertThat(run.evaluation().accuracy()).isEqualTo(1.0);
        assertThat(green.classNames()).containsExactly("blue", "green", "red");
        assertThat(green.className()).isEqualTo("green");
    }
}
