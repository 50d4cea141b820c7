package dev.tailor.domain.testing;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed slice of the real Fashion-MNIST files (3,000 training and 1,000 test images), for any module's tests.
 * It is copied out of the class path once, so it loads through the same code as the full data.
 */
public final class TestData {
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
                    try (InputStream in = TestData.class.getResourceAsStream("/fashion-mnist-subset/" + name)) {
                        if (in == null) {
                            throw new IllegalStateException("test resource missing: fashion-mnist-subset/" + name);
                        }
                        Path target = dir.resolve(name);
                        Files.copy(in, target);
                        target.toFile().deleteOnExit();
                    }
                }
                directory = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    public static Dataset train() {
        return FashionMnist.load(subsetDirectory(), FashionMnist.Part.TRAIN);
    }

    public static Dataset test() {
        return FashionMnist.load(subsetDirectory(), FashionMnist.Part.TEST);
    }
}
