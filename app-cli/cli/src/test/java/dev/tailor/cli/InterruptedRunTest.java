package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What an interrupted run leaves, and what the next run into the same place does about it. */
class InterruptedRunTest {
    private static final String DATA = TestData.subsetDirectory().toString();

    @TempDir
    Path dir;

    @Test
    void stagingLeftByAProcessThatNoLongerExistsIsRemovedAndReported() throws Exception {
        long dead = new ProcessBuilder("true").start().onExit().get().pid();
        Path stale = Files.createDirectories(dir.resolve(".run.partial-" + dead + "-1f2e"));
        Files.writeString(stale.resolve("history.json"), "{}");
        Path staleOld = Files.createDirectories(dir.resolve(".run.old-" + dead + "-3d4c"));
        Path running = Files.createDirectories(dir.resolve(".run.partial-" + ProcessHandle.current().pid() + "-5b6a"));
        Path otherTarget = Files.createDirectories(dir.resolve(".runs.partial-" + dead + "-7f8e"));

        Cli.Result result = Cli.run("train", "--data", DATA, "--train-limit", "200", "--test-limit", "50", "--epochs", "1",
                "--quiet", "--output", dir.resolve("run").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                "note: removed " + stale + ", left by an interrupted run whose process no longer exists",
                "note: removed " + staleOld + ", left by an interrupted run whose process no longer exists");
        assertThat(stale).doesNotExist();
        assertThat(staleOld).doesNotExist();
        assertThat(running).as("a live process's staging").isDirectory();
        assertThat(otherTarget).as("another output's staging").isDirectory();
        assertThat(dir.resolve("run/model/weights.safetensors")).isRegularFile();
    }

    static List<String> backends() {
        return Backends.installed().trainerNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRunKilledAfterAnEpochResumesToTheBytesOfTheUninterruptedRun(String backend) throws Exception {
        List<String> args = List.of("train", "--backend", backend, "--data", DATA, "--test-limit", "200", "--epochs", "5",
                "--seed", "9", "--quiet");
        Path run = dir.resolve("out/run");
        Cli.Child child = Cli.start(dir, List.of(), concat(args, "--output", run.toString()));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (checkpoint(dir.resolve("out")).isEmpty() && child.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.process().destroyForcibly().waitFor();
        assertThat(checkpoint(dir.resolve("out"))).as("a checkpoint after epoch 1, then SIGKILL").isPresent();
        assertThat(run).doesNotExist();

        Cli.Result resumed = Cli.run("train", "--resume", run.toString());
        Cli.Result whole = Cli.run(concat(args, "--output", dir.resolve("whole").toString()));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("note: continuing the run interrupted in .run.partial-", "note: resuming after epoch ");
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        for (String file : List.of("model/weights.safetensors", "metrics.json")) {
            assertThat(Files.mismatch(run.resolve(file), dir.resolve("whole").resolve(file))).as(file).isEqualTo(-1L);
        }
        try (var left = Files.list(dir.resolve("out"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("only the finished run").containsExactly("run");
        }
        assertThat(run.resolve("checkpoints")).doesNotExist();
    }

    @Test
    void resumeNeedsAnInterruptedRunAndTakesNoOtherSettings() {
        Path run = dir.resolve("nothing-here");
        Cli.Result none = Cli.run("train", "--resume", run.toString());
        Cli.Result mixed = Cli.run("train", "--resume", run.toString(), "--epochs", "3");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("tailor: error: no interrupted run of " + run + " to resume");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("--resume continues the interrupted run with its own config and data; drop --epochs");
    }

    /** The newest checkpoint in a staging directory under {@code parent}. */
    private static java.util.Optional<Path> checkpoint(Path parent) throws java.io.IOException {
        if (!Files.isDirectory(parent)) {
            return java.util.Optional.empty();
        }
        try (var files = Files.walk(parent)) {
            return files.filter(p -> p.getFileName().toString().equals("checkpoint.json")).findFirst();
        }
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void ctrlCSaysWhatWasInterruptedAndLeavesNothing() throws Exception {
        Path run = dir.resolve("out/run");
        Cli.Child child = Cli.start(dir, List.of(), "train", "--data", DATA, "--epochs", "200", "--output", run.toString());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!child.out().contains("Training ") && child.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(child.out()).as("the run started").contains("Training ");

        new ProcessBuilder("kill", "-INT", Long.toString(child.process().pid())).start().waitFor();
        Cli.Result result = child.await(60);

        assertThat(result.exitCode()).as("128 + SIGINT").isEqualTo(130);
        assertThat(result.out()).contains("note: interrupted before the run was complete; nothing was written to " + run);
        try (var left = Files.list(dir.resolve("out"))) {
            assertThat(left.toList()).as("what the run left").isEmpty();
        }
    }
}
