package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serving holds its memory: a scaled-down soak (the benchmark runs 1,000,000 predictions) in a fresh JVM whose heap is
 * fixed and touched up front, so that what resident memory does after the warm-up is the engines' and Tailor's
 * native memory, not the Java heap growing into its reservation.
 */
class SoakCommandTest {
    private static final String DATA = TestData.subsetDirectory().toString();

    @TempDir
    Path dir;

    static List<String> backends() {
        return Backends.installed().names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void residentMemoryStaysFlatOverManyPredictionsFromEightThreadsAndManyReloads(String backend) throws Exception {
        Path out = dir.resolve("run");
        // A backend that only serves soaks what the preferred trainer trained.
        String trainer = Backends.installed().trainerNames().contains(backend) ? backend : Backends.installed().preferredTrainer().name();
        Cli.Result trained = Cli.run("train", "--backend", trainer, "--data", DATA, "--train-limit", "1000", "--test-limit", "100",
                "--epochs", "1", "--output", out.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();

        // C1 only: C2's compiler arenas (~60 MiB committed by the end, NMT) arrive whenever a busy machine lets the
        // compiler threads run, in CI as late as reload 510 of 600, and read as drift; C1's settle within 60 reloads.
        Cli.Result soak = Cli.start(dir, List.of("-Xms160m", "-Xmx160m", "-XX:+AlwaysPreTouch", "-XX:TieredStopAtLevel=1"), "soak",
                "--model", out.resolve("model").toString(), "--backend", backend, "--data", DATA, "--predictions", "32000", "--threads", "8",
                "--reloads", "600", "--warmup-rounds", "15", "--json").await(300);
        assertThat(soak.exitCode()).as(soak.err()).isZero();
        String output = soak.out();

        JsonNode json = new ObjectMapper().readTree(output);
        assertThat(json.get("backend").asText()).isEqualTo(backend);
        for (String phase : List.of("predictions", "reloads")) {
            JsonNode p = json.get(phase);
            assertThat(p.get("samples")).as(phase).hasSize(20);
            assertThat(p.get("samples").get(19).get("operations").asLong()).isEqualTo(phase.equals("predictions") ? 32_000 : 600);
            assertThat(p.get("measuredOperations").asLong()).isEqualTo(phase.equals("predictions") ? 8_000 : 150);
            assertThat(p.get("warmResidentBytes").asLong()).as(phase).isGreaterThan(100L << 20);
            // A leak of one input image (3 KiB) per prediction would add 23 MiB here, over 5% of what is resident; one of
            // the model's weights (0.47 MiB) per reload, 70 MiB.
            assertThat(p.get("drift").asDouble()).as("%s on %s: %s", phase, backend, p.get("samples")).isLessThan(0.05);
        }
    }

    @Test
    void aHeapThatCanGrowIsPointedOutBecauseItsGrowthReadsAsDrift() {
        assertThat(SoakCommand.heapIsFixed(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"))).isTrue();
        assertThat(SoakCommand.heapIsFixed(List.of("-Xmx256m", "-XX:+AlwaysPreTouch"))).isFalse();
        assertThat(SoakCommand.heapIsFixed(List.of("-Xms128m", "-Xmx256m", "-XX:+AlwaysPreTouch"))).isFalse();
        assertThat(SoakCommand.heapIsFixed(List.of("-Xms256m", "-Xmx256m"))).isFalse();
        assertThat(SoakCommand.heapIsFixed(List.of())).isFalse();
    }
}
