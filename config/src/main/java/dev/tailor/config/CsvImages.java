package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.model.ImageShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

/**
 * Images in a CSV file, Kaggle's Fashion-MNIST layout: a header row, then one image per line, its label (0-based)
 * and then its pixel values 0-255, channel planes row by row. The pixel count must be the model's input size, or a
 * square grayscale image ({@code 784} = 28x28), which is then prepared for the input as a file would be.
 */
final class CsvImages {
    /** The labelled images, in the file's own shape, and the largest label seen. */
    record Read(ImageShape shape, byte[] pixels, int[] labels, int largestLabel, DataOrigin origin) {
    }

    private CsvImages() {
    }

    static boolean looksLikeOne(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".csv") || name.endsWith(".csv.gz"));
    }

    /** @param maxClasses labels must be below it, if given (the class names the config or the training data names) */
    static Read read(Path file, ImageShape input, OptionalInt maxClasses, OptionalInt limit, DecodeProgress progress) {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            String header = reader.readLine();
            if (header == null) {
                throw new InvalidInputException(file + ": empty; expected a header row, then label,pixel1,...,pixelN per line");
            }
            int columns = header.split(",", -1).length;
            ImageShape shape = shape(file, columns - 1, input);
            int size = shape.size();
            int capacity = 1024;
            byte[] pixels = new byte[capacity * size];
            int[] labels = new int[capacity];
            int count = 0;
            int largest = 0;
            int max = limit.orElse(Integer.MAX_VALUE);
            boolean budgeted = false;
            String line;
            int lineNumber = 1;
            while (count < max && (line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                if (!budgeted) {
                    // Lines are alike: the first one's length estimates how many the file holds.
                    long estimate = Math.min(max, fileSize / (line.length() + 1) + 1);
                    HeapBudget.require(ByteDataset.bytesFor(estimate, shape), String.format("%s: about %,d images of %s", file, estimate, shape));
                    budgeted = true;
                }
                if (count == capacity) {
                    capacity = Math.toIntExact(Math.min(Integer.MAX_VALUE / size, (long) capacity * 2));
                    pixels = Arrays.copyOf(pixels, capacity * size);
                    labels = Arrays.copyOf(labels, capacity);
                }
                labels[count] = parseLine(line, file, lineNumber, columns, pixels, count * size, maxClasses);
                largest = Math.max(largest, labels[count]);
                count++;
                if (count % 1000 == 0) {
                    progress.read(file.toString(), count, Math.max(count, fileSize / (line.length() + 1)));
                }
            }
            if (count == 0) {
                throw new InvalidInputException(file + ": no images after the header row");
            }
            progress.read(file.toString(), count, count);
            return new Read(shape, Arrays.copyOf(pixels, count * size), Arrays.copyOf(labels, count), largest,
                    new DataOrigin(file.toAbsolutePath().getParent().toString(), Map.of(file.getFileName().toString(),
                            Checksums.sha256(file))));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The images' own shape, from the header: a square grayscale image (784 columns = 28x28). */
    static ImageShape shapeOf(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String header = reader.readLine();
            if (header == null) {
                throw new InvalidInputException(file + ": empty; expected a header row, then label,pixel1,...,pixelN per line");
            }
            int pixels = header.split(",", -1).length - 1;
            int side = (int) Math.round(Math.sqrt(pixels));
            if (pixels < 1 || side * side != pixels) {
                throw new InvalidInputException(file + ": " + pixels + " pixel columns are no square grayscale image; give the "
                        + "input shape (C x H x W) they have");
            }
            return new ImageShape(1, side, side);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static ImageShape shape(Path file, int pixels, ImageShape input) {
        if (pixels == input.size()) {
            return input;
        }
        int side = (int) Math.round(Math.sqrt(pixels));
        if (pixels > 0 && side * side == pixels) {
            return new ImageShape(1, side, side);
        }
        throw new InvalidInputException(file + ": " + pixels + " pixel columns are neither the model's input " + input + " ("
                + input.size() + ") nor a square grayscale image (e.g. 784 = 28x28)");
    }

    /** Parses {@code label,p1,...,pN} into {@code pixels} at {@code offset}; returns the label. */
    private static int parseLine(String line, Path file, int lineNumber, int columns, byte[] pixels, int offset,
                                 OptionalInt maxClasses) {
        int position = 0;
        int column = 0;
        int label = -1;
        int length = line.length();
        while (position <= length) {
            int end = line.indexOf(',', position);
            if (end < 0) {
                end = length;
            }
            if (column >= columns) {
                throw new InvalidInputException(file + ":" + lineNumber + ": more than the header's " + columns + " columns");
            }
            int value = number(line, position, end, file, lineNumber, column);
            if (column == 0) {
                if (maxClasses.isPresent() && value >= maxClasses.getAsInt()) {
                    throw new InvalidInputException(file + ":" + lineNumber + ": label " + value + " is out of range; expected 0.."
                            + (maxClasses.getAsInt() - 1) + " for " + maxClasses.getAsInt() + " classes");
                }
                label = value;
            } else {
                if (value > 255) {
                    throw new InvalidInputException(file + ":" + lineNumber + ": column " + (column + 1) + ": pixel value " + value
                            + " is out of range; expected 0..255");
                }
                pixels[offset + column - 1] = (byte) value;
            }
            column++;
            position = end + 1;
        }
        if (column != columns) {
            throw new InvalidInputException(file + ":" + lineNumber + ": " + column + " columns; the header has " + columns
                    + " (label, then " + (columns - 1) + " pixels)");
        }
        return label;
    }

    private static int number(String line, int from, int to, Path file, int lineNumber, int column) {
        int start = from;
        int end = to;
        while (start < end && line.charAt(start) == ' ') {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        if (start == end || end - start > 9) {
            throw new InvalidInputException(file + ":" + lineNumber + ": column " + (column + 1) + ": expected a whole number, got '"
                    + line.substring(from, to) + "'");
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidInputException(file + ":" + lineNumber + ": column " + (column + 1) + ": expected a whole number, got '"
                        + line.substring(from, to) + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
