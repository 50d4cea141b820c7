package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same seed, same everything, two processes: every command that trains writes byte-identical model files, so a
 * model's SHA-256 identifies it. One run is in this JVM (after whatever other tests did to the engines' state), the
 * other in a fresh one.
 */
class ReproducibilityTest {
    private static final String DATA = TestData.subsetDirectory().toString();
    private static final List<String> SMALL = List.of("--data", DATA, "--train-limit", "300", "--test-limit", "60", "--epochs",
            "1", "--quiet");

    @TempDir
    Path dir;

    static Stream<Arguments> commands() {
        List<Arguments> commands = new ArrayList<>();
        for (String backend : Backends.installed().trainerNames()) {
            commands.add(Arguments.of("train on " + backend, List.of("train", "--backend", backend)));
        }
        commands.add(Arguments.of("compare", List.of("compare", "--backends", String.join(",", Backends.installed().trainerNames()))));
        commands.add(Arguments.of("sweep", List.of("sweep", "--grid", "{\"training.optimizer.learningRate\":[0.001,0.002]}")));
        return commands.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void twoProcessesWriteByteIdenticalModels(String name, List<String> command) throws IOException {
        List<String> here = arguments(command, dir.resolve("here/run"));
        List<String> there = arguments(command, dir.resolve("there/run"));

        Cli.Result first = Cli.run(here.toArray(String[]::new));
        Cli.Result second = Cli.runInChild(dir, there.toArray(String[]::new));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<Path> models = weightFiles(dir.resolve("here"));
        assertThat(models).as("model files written").isNotEmpty();
        assertThat(weightFiles(dir.resolve("there"))).as("the same model files").isEqualTo(models);
        for (Path model : models) {
            assertThat(Files.mismatch(dir.resolve("here").resolve(model), dir.resolve("there").resolve(model)))
                    .as("first differing byte of %s", model).isEqualTo(-1L);
        }
    }

    private static List<String> arguments(List<String> command, Path output) {
        List<String> all = new ArrayList<>(command);
        all.addAll(SMALL);
        all.addAll(List.of("--output", output.toString()));
        return all;
    }

    /** Every weights file under {@code root}, relative to it, sorted. */
    private static List<Path> weightFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("weights.safetensors")).map(root::relativize).sorted().toList();
        }
    }
}
