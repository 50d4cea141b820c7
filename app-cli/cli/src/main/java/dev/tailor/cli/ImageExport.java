package dev.tailor.cli;

import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
import dev.tailor.config.RunDirectory;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Dataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Writes dataset images as 28x28 grayscale PNGs ({@code 00000.png} ...) with a {@code labels.csv}
 * ({@code file,label,className}): the inputs for trying {@code predict} and {@code serve} on real images, or for
 * copying the data to a machine that has no Debian package.
 */
final class ImageExport {
    private ImageExport() {
    }

    /** Refuses a target that already holds files: an export never mixes with or replaces other files. */
    static void requireEmpty(Path output) {
        if (RunDirectory.holdsFiles(output)) {
            throw new InvalidInputException("--export-images " + output + " already holds files; give a new or empty directory");
        }
    }

    static Path write(Dataset data, int count, Path output, RunStore runs, Consumer<String> notices) {
        requireEmpty(output);
        StringBuilder labels = new StringBuilder("file,label,className\n");
        try (StagedRun staged = runs.stage(output, true, notices)) {
            for (int i = 0; i < count; i++) {
                String name = String.format("%05d.png", i);
                staged.files().accept(name, png(data, i));
                int label = data.label(i);
                labels.append(name).append(',').append(label).append(',').append(data.classNames().get(label)).append('\n');
            }
            staged.files().accept("labels.csv", labels.toString().getBytes(StandardCharsets.UTF_8));
            return staged.commit();
        }
    }

    /** Pixels in [0, 1] back to the file's bytes, exactly: the IDX files hold whole numbers 0-255. */
    static byte[] png(Dataset data, int index) {
        int width = data.shape().width();
        int height = data.shape().height();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        float[] pixels = data.image(index).pixels();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, Math.round(pixels[y * width + x] * 255));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new TailorException("cannot encode image " + index + " as PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
