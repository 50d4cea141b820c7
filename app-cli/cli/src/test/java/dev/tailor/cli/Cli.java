package dev.tailor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the CLI in-process, or in a fresh JVM, and captures what it prints. */
final class Cli {
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TailorCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The CLI started in a fresh JVM with this class path; stdout and stderr go to files in {@code dir}. Every signal is
     * at its default, as from a terminal: a build started under {@code nohup} or as a script's {@code &} job ignores
     * SIGINT, its children inherit that, and a JVM that starts with SIGINT ignored installs no Ctrl-C handler.
     */
    static Child start(Path dir, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TailorCli.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "child", ".out");
            Path err = Files.createTempFile(dir, "child", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Child(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the CLI in a fresh JVM to the end. */
    static Result runInChild(Path dir, String... args) {
        return start(dir, List.of(), args).await(600);
    }

    record Child(Process process, Path outFile, Path errFile) {
        private static final Pattern LISTENING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/v1/predict");

        String out() {
            return read(outFile);
        }

        Result await(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child CLI did not finish in " + seconds + " s: " + out() + read(errFile));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new Result(process.exitValue(), out(), read(errFile));
        }

        /** The port a {@code serve} child says it listens on, once it says so (within 120 s). */
        int servingPort() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(out());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited: " + await(1));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the server did not start in 120 s: " + out());
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
