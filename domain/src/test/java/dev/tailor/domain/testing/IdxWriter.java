package dev.tailor.domain.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes synthetic IDX files for tests, well-formed or deliberately broken. */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** An IDX image file with {@code count} images whose pixel at position p of image i is (i + p) mod 256. */
    public static byte[] images(int count, int rows, int cols) {
        ByteBuffer data = ByteBuffer.allocate(16 + count * rows * cols);
        data.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                data.put((byte) (i + p));
            }
        }
        return data.array();
    }

    /** An IDX label file with label i mod classes for example i. */
    public static byte[] labels(int count, int classes) {
        ByteBuffer data = ByteBuffer.allocate(8 + count);
        data.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            data.put((byte) (i % classes));
        }
        return data.array();
    }

    public static Path write(Path file, byte[] content, boolean gzip) {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Fashion-MNIST-named directory of synthetic data: {@code train} and {@code test} examples of 28x28. */
    public static Path fashionMnistLike(Path directory, int train, int test) {
        write(directory.resolve("train-images-idx3-ubyte.gz"), images(train, 28, 28), true);
        write(directory.resolve("train-labels-idx1-ubyte.gz"), labels(train, 10), true);
        write(directory.resolve("t10k-images-idx3-ubyte.gz"), images(test, 28, 28), true);
        write(directory.resolve("t10k-labels-idx1-ubyte.gz"), labels(test, 10), true);
        return directory;
    }
}
