package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Zalando's Fashion-MNIST on disk: its file names, where to find them, and reading them. */
public final class FashionMnistFiles {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Environment variable naming a data directory, consulted when the config names none. */
    public static final String DATA_ENV = "TAILOR_DATA";

    public static final String INSTALL_HINT = "apt-get install dataset-fashion-mnist";

    /** The two halves of the data set, by their IDX file prefix. */
    public enum Part {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }
    }

    private FashionMnistFiles() {
    }

    /**
     * Finds the data directory: the configured one if given (it must exist), else {@code $TAILOR_DATA},
     * else the Debian package's directory.
     */
    public static DataLocation locate(Optional<Path> configured, Map<String, String> environment) {
        if (configured.isPresent()) {
            return existing(configured.get(), "--data, or data.dir in the config");
        }
        String fromEnv = environment.get(DATA_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return existing(Path.of(fromEnv), "$" + DATA_ENV);
        }
        if (Files.isDirectory(SYSTEM_DIRECTORY)) {
            return new DataLocation(SYSTEM_DIRECTORY, "the dataset-fashion-mnist package");
        }
        throw new InvalidInputException("no Fashion-MNIST data: data.dir is not set, $" + DATA_ENV + " is not set, and "
                + SYSTEM_DIRECTORY + " does not exist; install it with: " + INSTALL_HINT);
    }

    private static DataLocation existing(Path directory, String source) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException("data directory " + directory + " (from " + source + ") does not exist");
        }
        return new DataLocation(directory, source);
    }

    public static ByteDataset load(Path directory, Part part) {
        return IdxDataset.read(imagesFile(directory, part), labelsFile(directory, part), FashionMnist.CLASS_NAMES);
    }

    public static Path imagesFile(Path directory, Part part) {
        return find(directory, part.prefix + "-images-idx3-ubyte");
    }

    public static Path labelsFile(Path directory, Part part) {
        return find(directory, part.prefix + "-labels-idx1-ubyte");
    }

    /** The four files, train then test, images before labels. */
    public static List<Path> files(Path directory) {
        return List.of(imagesFile(directory, Part.TRAIN), labelsFile(directory, Part.TRAIN),
                imagesFile(directory, Part.TEST), labelsFile(directory, Part.TEST));
    }

    private static Path find(Path directory, String baseName) {
        for (String name : List.of(baseName + ".gz", baseName)) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new InvalidInputException(directory + ": missing " + baseName + ".gz (or " + baseName + ")");
    }
}
