package dev.tailor.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Directory trees on this machine: scratch directories, and removing a tree whole. */
public final class FileTrees {
    private FileTrees() {
    }

    /** A new empty directory under the system's temporary directory. */
    public static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Removes {@code root} and everything under it; nothing there is fine. */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #delete}, for clean-up after the work is done or failed: what cannot be removed stays. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (UncheckedIOException e) {
            // Scratch named for this process in a temporary directory; the failure that matters is reported elsewhere.
        }
    }
}
