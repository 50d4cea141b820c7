package dev.tailor.domain.testing;

import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ImageShape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The committed slice of the real Fashion-MNIST files (3,000 training and 1,000 test images), for any module's tests.
 * The domain reads no files, so this fixture decodes the slice's IDX files itself, trusting them; the files adapter's
 * {@code FashionMnistFiles} is what reads users' files, and a test there checks it gives the same datasets as this.
 * {@link #subsetDirectory()} lays the files out for tests that read them as users' files are read.
 */
public final class TestData {
    private static final String RESOURCES = "/fashion-mnist-subset/";
    private static final String[] FILES = {
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    private static Path directory;

    private TestData() {
    }

    /** A directory laid out like the Debian package's, holding the subset. */
    public static synchronized Path subsetDirectory() {
        if (directory == null) {
            try {
                Path dir = Files.createTempDirectory("tailor-fashion-mnist-subset");
                dir.toFile().deleteOnExit();
                for (String name : FILES) {
                    Path target = dir.resolve(name);
                    Files.write(target, resource(name));
                    target.toFile().deleteOnExit();
                }
                directory = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    public static ByteDataset train() {
        return read("train");
    }

    public static ByteDataset test() {
        return read("t10k");
    }

    /**
     * {@code count} synthetic 28x28 examples of Fashion-MNIST's classes, the same as {@link IdxWriter} writes: pixel p
     * of image i is (i + p) mod 256, so an image's first pixel names it; its label is i mod 10.
     */
    public static ByteDataset synthetic(int count) {
        ImageShape shape = new ImageShape(1, 28, 28);
        byte[] pixels = new byte[count * shape.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < shape.size(); p++) {
                pixels[i * shape.size() + p] = (byte) (i + p);
            }
            labels[i] = i % 10;
        }
        return new ByteDataset(shape, FashionMnist.CLASS_NAMES, pixels, labels, DataOrigin.IN_MEMORY);
    }

    /** Images and labels as IDX lays them out: a big-endian header, then one unsigned byte per pixel or label. */
    private static ByteDataset read(String prefix) {
        String imagesName = prefix + "-images-idx3-ubyte.gz";
        String labelsName = prefix + "-labels-idx1-ubyte.gz";
        byte[] imageFile = resource(imagesName);
        byte[] labelFile = resource(labelsName);
        try (DataInputStream images = ungzip(imageFile); DataInputStream labels = ungzip(labelFile)) {
            images.readInt();
            int count = images.readInt();
            ImageShape shape = new ImageShape(1, images.readInt(), images.readInt());
            byte[] pixels = images.readNBytes(count * shape.size());
            labels.readInt();
            int[] classes = new int[labels.readInt()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = labels.readUnsignedByte();
            }
            Map<String, String> sha256 = new LinkedHashMap<>();
            sha256.put(imagesName, sha256(imageFile));
            sha256.put(labelsName, sha256(labelFile));
            return new ByteDataset(shape, FashionMnist.CLASS_NAMES, pixels, classes,
                    new DataOrigin(subsetDirectory().toAbsolutePath().toString(), sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream ungzip(byte[] file) throws IOException {
        return new DataInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(file)));
    }

    private static byte[] resource(String name) {
        try (InputStream in = TestData.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: fashion-mnist-subset/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
