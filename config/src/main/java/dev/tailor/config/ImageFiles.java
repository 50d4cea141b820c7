package dev.tailor.config;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files (PNG, JPEG, GIF, BMP) decoded with ImageIO and prepared for a model by {@link Preprocessing}: exactly
 * what {@code tailor predict} feeds a classifier, for embedders to feed theirs. The canvas size is read from the header
 * and checked against {@link #MAX_PIXELS} before anything is decoded, so a small file declaring a huge canvas (a
 * decompression bomb) is refused instead of exhausting memory.
 */
public final class ImageFiles {
    /** 40 megapixels: any camera's photo, and at most ~160 MiB decoded. */
    public static final long MAX_PIXELS = 40_000_000;

    private ImageFiles() {
    }

    /** A file, to be decoded as {@link #read} does when its turn comes. */
    public static EncodedImage encoded(Path file) {
        return new EncodedImage() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public Image decode(ImageShape target, Preprocessing.Inversion inversion) {
                return read(file, target, inversion);
            }
        };
    }

    /** Encoded bytes (a request body, a table row), named {@code name}, to be decoded as {@link #decode} does. */
    public static EncodedImage encoded(String name, byte[] bytes) {
        return new EncodedImage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Image decode(ImageShape target, Preprocessing.Inversion inversion) {
                return ImageFiles.decode(bytes, name, target, inversion);
            }
        };
    }

    /** A decoded file: its size as stored, and its pixels as 0xAARRGGBB, row by row. */
    public record Pixels(int width, int height, int[] argb) {
        /** Prepared for a model's input, as bytes (channel planes, row by row): what a dataset holds. */
        public byte[] prepared(ImageShape target, Preprocessing.Inversion inversion) {
            return Preprocessing.prepareBytes(width, height, argb, target, inversion);
        }
    }

    /** The image in {@code file}, prepared for the model's input. */
    public static Image read(Path file, ImageShape target, Preprocessing.Inversion inversion) {
        Pixels pixels = pixels(file);
        return Preprocessing.prepare(pixels.width(), pixels.height(), pixels.argb(), target, inversion);
    }

    /** The image in {@code file}, decoded; refused with one line naming the file if it is not a readable image. */
    public static Pixels pixels(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return decode(in, file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The image encoded in {@code bytes}, decoded; {@code source} names it in errors. */
    public static Pixels pixels(byte[] bytes, String source) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, source);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage());
        }
    }

    /** The image encoded in {@code bytes} (e.g. a request body); {@code source} names it in errors. */
    public static Image decode(byte[] bytes, String source, ImageShape target, Preprocessing.Inversion inversion) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Pixels pixels = decode(in, source);
            return Preprocessing.prepare(pixels.width(), pixels.height(), pixels.argb(), target, inversion);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage());
        }
    }

    private static Pixels decode(ImageInputStream in, String source) {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
            throw new InvalidInputException(source + ": not an image (expected PNG, JPEG, GIF or BMP)");
        }
        ImageReader reader = readers.next();
        BufferedImage image;
        try {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > MAX_PIXELS) {
                throw new InvalidInputException(String.format("%s: the image declares %,d x %,d pixels, over the limit of %,d pixels",
                        source, width, height, MAX_PIXELS));
            }
            if (Math.max(width, height) > Preprocessing.MAX_SIDE) {
                throw new InvalidInputException(String.format("%s: the image declares %,d x %,d pixels, longer than the limit of %,d on a side",
                        source, width, height, Preprocessing.MAX_SIDE));
            }
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            // Decoders report damaged files with assorted exceptions; each means the same thing to the user.
            throw new InvalidInputException(source + ": not a readable image: " + e.getMessage());
        } finally {
            reader.dispose();
        }
        return new Pixels(image.getWidth(), image.getHeight(), argb(image));
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
