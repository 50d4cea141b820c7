package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
