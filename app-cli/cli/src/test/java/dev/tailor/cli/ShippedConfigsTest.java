package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped configs with the new layers, exactly as shipped but for the data: one epoch over the committed 3,000
 * training images on every engine, scored on the committed 1,000 test images.
 */
class ShippedConfigsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> configsOnEveryBackend() {
        return Stream.of("cnn-bn.json", "resnet-small.json")
                .flatMap(config -> Backends.installed().trainerNames().stream().map(backend -> Arguments.of(config, backend)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("configsOnEveryBackend")
    void oneEpochOnTheSubsetClearsEightyPercent(String config, String backend) throws Exception {
        Path out = dir.resolve("run");

        Cli.Result result = Cli.run("train", "--config", Path.of(System.getProperty("tailor.configs"), config).toString(),
                "--backend", backend, "--data", TestData.subsetDirectory().toString(), "--epochs", "1", "--quiet",
                "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        double accuracy = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("accuracy").asDouble();
        assertThat(accuracy).as(config + " on " + backend + " after one epoch of 3,000 images").isGreaterThan(0.80);
    }
}
