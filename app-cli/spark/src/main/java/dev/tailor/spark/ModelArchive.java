package dev.tailor.spark;

import dev.tailor.config.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model directory (an ensemble's members included) as the bytes of one zip, broadcast to the executors and unpacked
 * once per executor JVM. (Spark ships no directories to a cluster, and files added with {@code addFile} land in a
 * per-session directory that {@code SparkFiles.get} does not find on Spark 4 executors.)
 */
final class ModelArchive {
    private ModelArchive() {
    }

    /** The archive's bytes; entries are relative to the model directory. */
    static byte[] zip(Path model) {
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            pack(model, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + model + " for the executors: " + e.getMessage(), e);
        }
        return archive.toByteArray();
    }

    /** Writes every file under {@code directory} into {@code zip} (a jar too), named relative to it, in a fixed order. */
    static void pack(Path directory, ZipOutputStream zip) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** The archive's SHA-256: a model's name on the executors, so that each JVM unpacks and loads it once. */
    static String id(byte[] archive) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(archive));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Unpacks the archive into {@code target} (a run directory), staged beside it and moved into place whole. A target
     * that already holds files is refused unless {@code replace}.
     */
    static void unzipInto(byte[] archive, Path target, boolean replace) {
        try {
            if (Files.exists(target) && !replace) {
                throw new dev.tailor.domain.InvalidInputException(target + " already holds a run");
            }
            Files.createDirectories(target.getParent());
            Path staged = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
            unzipTo(archive, staged);
            FileTrees.deleteQuietly(target);
            Files.move(staged, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the run into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks the archive into a new temporary directory, removed when the JVM exits. */
    static Path unzip(byte[] archive) {
        try {
            Path target = Files.createTempDirectory("tailor-model");
            target.toFile().deleteOnExit();
            unzipTo(archive, target).forEach(file -> file.toFile().deleteOnExit());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the model: " + e.getMessage(), e);
        }
    }

    /** The files written; entries may not leave {@code target}. */
    private static java.util.List<Path> unzipTo(byte[] archive, Path target) throws IOException {
        java.util.List<Path> written = new java.util.ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("entry " + entry.getName() + " points outside " + target);
                }
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
                written.add(file);
            }
        }
        return written;
    }
}
