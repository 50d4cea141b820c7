package dev.tailor.cli;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image files (PNG, JPEG, GIF, BMP) decoded with ImageIO and prepared for a model by {@link Preprocessing}. */
final class ImageFiles {
    private ImageFiles() {
    }

    static Image read(Path file, ImageShape target, Preprocessing.Inversion inversion) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": not a readable image: " + e.getMessage());
        }
        if (image == null) {
            throw new InvalidInputException(file + ": not an image (expected PNG, JPEG, GIF or BMP)");
        }
        return Preprocessing.prepare(image.getWidth(), image.getHeight(), argb(image), target, inversion);
    }

    /**
     * The pixels as 0xAARRGGBB. Single-band images are read from the raster: {@code getRGB} would pass Java's linear
     * gray through a gamma curve and change every value.
     */
    private static int[] argb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1 && image.getColorModel().getPixelSize() <= 16 && !(image.getColorModel() instanceof IndexColorModel)) {
            int shift = image.getColorModel().getPixelSize() - 8;
            int[] out = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = raster.getSample(x, y, 0) >> Math.max(0, shift);
                    out[y * width + x] = 0xFF000000 | v << 16 | v << 8 | v;
                }
            }
            return out;
        }
        return image.getRGB(0, 0, width, height, null, 0, width);
    }
}
