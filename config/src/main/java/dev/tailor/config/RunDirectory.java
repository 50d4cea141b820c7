package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's output, written into a hidden staging directory beside the target and moved into place only when
 * complete: a failed or interrupted run leaves nothing behind, and never a half-written run that looks whole.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final Thread cleanup;
    private boolean committed;

    private RunDirectory(Path target, Path staging, Consumer<String> notices) {
        this.target = target;
        this.staging = staging;
        // Runs only when the JVM stops before the run is committed or closed: Ctrl-C, SIGTERM, System.exit.
        this.cleanup = new Thread(() -> {
            FileTrees.delete(staging);
            notices.accept("interrupted before the run was complete; nothing was written to " + target);
        }, "tailor-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Checks the target can be written and opens a staging directory for it. A target that already holds files is
     * refused unless {@code replace}: a run never overwrites an earlier one by accident. Staging directories left
     * beside the target by processes that no longer run (killed with SIGKILL, or by a power cut) are removed, and
     * {@code notices} is told of each.
     */
    public static RunDirectory stage(Path output, boolean replace, Consumer<String> notices) {
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new InvalidInputException("output " + output + " exists and is not a directory");
        }
        if (!replace && holdsFiles(target)) {
            throw new InvalidInputException("output " + output + " already holds a run; choose another --output, or give "
                    + "--overwrite to replace it");
        }
        try {
            Files.createDirectories(target.getParent());
            clearStale(target, notices);
            // Not createTempDirectory: its owner-only permissions would stick to the finished run.
            return new RunDirectory(target, Files.createDirectory(sibling(target, "partial")), notices);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output directory " + output + ": " + e.getMessage());
        }
    }

    /**
     * Takes over the staging directory that an interrupted run of {@code output} left (its process no longer runs),
     * the most recent one that {@code resumable} accepts, to finish that run here.
     */
    public static RunDirectory resume(Path output, Predicate<Path> resumable, Consumer<String> notices) {
        Path target = output.toAbsolutePath().normalize();
        if (holdsFiles(target)) {
            throw new InvalidInputException("output " + output + " already holds a finished run; there is nothing to resume");
        }
        try {
            Path interrupted = stale(target).stream().filter(p -> p.getFileName().toString().contains(".partial-"))
                    .filter(resumable).max(Comparator.comparing(RunDirectory::modified))
                    .orElseThrow(() -> new InvalidInputException("no interrupted run of " + output + " to resume: a run stopped "
                            + "after its first epoch leaves a hidden staging directory beside its output, and none is there"));
            Path adopted = sibling(target, "partial");
            move(interrupted, adopted);
            notices.accept("continuing the run interrupted in " + interrupted.getFileName());
            return new RunDirectory(target, adopted, notices);
        } catch (IOException e) {
            throw new InvalidInputException("cannot take over the interrupted run of " + output + ": " + e.getMessage());
        }
    }

    /** Where {@code run} lies under {@code experiment}, as written in its reports: either may be given relative. */
    static String relative(Path experiment, Path run) {
        return experiment.toAbsolutePath().normalize().relativize(run.toAbsolutePath().normalize()).toString();
    }

    /** Whether {@code directory} exists and is not empty. */
    public static boolean holdsFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (var entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read output directory " + directory + ": " + e.getMessage());
        }
    }

    /** Where the run will be once committed. */
    public Path target() {
        return target;
    }

    /** Writes a file of the run; {@code name} may contain a sub-directory. */
    public void write(String name, String content) {
        writeBytes(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void writeBytes(String name, byte[] content) {
        try {
            Path file = staging.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new TailorException("cannot write " + name + " for " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where a part of the run is staged, for writers that write files themselves. */
    public Path path(String name) {
        return staging.resolve(name);
    }

    /** Puts the finished run in place, replacing an earlier run in the same directory. */
    public Path commit() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = sibling(target, "old");
                move(target, old);
            }
            move(staging, target);
            committed = true;
            if (old != null) {
                FileTrees.delete(old);
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

    /** Removes {@link #sibling}s of {@code target} whose process is gone. */
    private static void clearStale(Path target, Consumer<String> notices) throws IOException {
        for (Path dir : stale(target)) {
            FileTrees.delete(dir);
            notices.accept("removed " + dir + ", left by an interrupted run whose process no longer exists");
        }
    }

    /** {@link #sibling}s of {@code target} whose process is gone. */
    private static List<Path> stale(Path target) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "(partial|old)-(\\d+)-[0-9a-f]+");
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        try (var siblings = Files.list(target.getParent())) {
            return siblings.filter(p -> {
                Matcher m = ours.matcher(p.getFileName().toString());
                return m.matches() && !alive(Long.parseLong(m.group(2)));
            }).sorted().toList();
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
            FileTrees.delete(staging);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running and cleans up itself.
        }
    }
}
