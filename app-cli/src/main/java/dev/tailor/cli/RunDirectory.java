package dev.tailor.cli;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A run's output, written into a hidden staging directory beside the target and moved into place only when
 * complete: a failed or interrupted run leaves nothing behind, and never a half-written run that looks whole.
 */
final class RunDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final Thread cleanup;
    private boolean committed;

    private RunDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
        this.cleanup = new Thread(() -> deleteRecursively(staging), "tailor-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Checks the target can be written and opens a staging directory for it. */
    static RunDirectory stage(Path output) {
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new InvalidInputException("output " + output + " exists and is not a directory");
        }
        try {
            Files.createDirectories(target.getParent());
            // Not createTempDirectory: its owner-only permissions would stick to the finished run.
            return new RunDirectory(target, Files.createDirectory(sibling(target, "partial")));
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output directory " + output + ": " + e.getMessage());
        }
    }

    /** Writes a file of the run; {@code name} may contain a sub-directory. */
    void write(String name, String content) {
        writeBytes(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void writeBytes(String name, byte[] content) {
        try {
            Path file = staging.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new TailorException("cannot write " + name + " for " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where a part of the run is staged, for writers that write files themselves. */
    Path path(String name) {
        return staging.resolve(name);
    }

    /** Puts the finished run in place, replacing an earlier run in the same directory. */
    Path commit() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = sibling(target, "old");
                move(target, old);
            }
            move(staging, target);
            committed = true;
            if (old != null) {
                deleteRecursively(old);
            }
            return target;
        } catch (IOException e) {
            throw new TailorException("cannot move the finished run into " + target + ": " + e.getMessage(), e);
        }
    }

    /** A hidden, unique name beside the target, so moves stay on one file system. */
    private static Path sibling(Path target, String role) {
        return target.resolveSibling("." + target.getFileName() + "." + role + "-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteRecursively(staging);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running and cleans up itself.
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
