package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The benchmark's structure and the sanity of its numbers; never its speed, which depends on the machine. */
class BenchCommandTest {
    private static final String DATA = TestData.subsetDirectory().toString();

    @Test
    void everyInstalledBackendGetsSaneConsistentFigures() throws IOException {
        Cli.Result result = Cli.run("bench", "--data", DATA, "--warmup", "2", "--batches", "4", "--latency", "30",
                "--test-limit", "200", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("model").asText()).isEqualTo("seed-cnn");
        long multiplyAdds = json.get("multiplyAddsPerImage").asLong();
        assertThat(multiplyAdds).isEqualTo(2_528_000L);
        JsonNode backends = json.get("backends");
        assertThat(backends).hasSize(Backends.installed().names().size());
        for (JsonNode b : backends) {
            double rate = b.get("trainingImagesPerSecond").asDouble();
            assertThat(rate).as(b.get("backend").asText()).isPositive().isFinite();
            assertThat(b.get("warmupImagesPerSecond").asDouble()).isPositive();
            assertThat(b.get("inferenceImagesPerSecond").asDouble()).isPositive();
            assertThat(b.get("latencyP50Millis").asDouble()).isPositive().isLessThanOrEqualTo(b.get("latencyP99Millis").asDouble());
            assertThat(b.get("peakMemoryBytes").asLong()).isGreaterThan(50L << 20);
            assertThat(b.get("trainingGflops").asDouble()).isCloseTo(6.0 * multiplyAdds * rate / 1e9, within(1e-9));
            assertThat(b.get("batchSize").asInt()).isEqualTo(32);
        }
    }

    @Test
    void moreBatchesThanTheDataHoldsIsRefused() {
        Cli.Result result = Cli.run("bench", "--data", DATA, "--warmup", "50", "--batches", "100", "--backends",
                Backends.installed().names().get(0));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("tailor: error: the benchmark trains 4800 images (50 + 100 batches of 32) "
                + "but the data has 3000");
    }
}
