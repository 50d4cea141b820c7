package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output redirected to a file is not a terminal, on every JDK installed beside the one running the tests. JDKs 22 to 24
 * return a console from {@code System.console()} even then (a CI log would fill with progress-bar redraws if the check
 * trusted it); that case has its own test, skipped, and reported as skipped, where no such JDK is installed.
 */
class TerminalTest {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    record Jdk(Path java, int feature) {
    }

    @Test
    void redirectedOutputIsNotATerminalOnEveryInstalledJdk() throws IOException, InterruptedException {
        List<Jdk> jdks = installedJdks();
        assertThat(jdks).as("JDKs beside " + System.getProperty("java.home")).isNotEmpty();
        for (Jdk jdk : jdks) {
            assertThat(probe(jdk)).as("System.console() non-null?, Terminal.interactive() on " + jdk).endsWith(" false");
        }
    }

    @Test
    void redirectedOutputIsNotATerminalWhereSystemConsoleIsNeverNull() throws IOException, InterruptedException {
        Optional<Jdk> jdk = installedJdks().stream().filter(j -> j.feature() >= 22 && j.feature() <= 24).findFirst();
        assumeTrue(jdk.isPresent(), "no JDK 22-24 installed beside " + System.getProperty("java.home"));

        assertThat(probe(jdk.get())).as("System.console() non-null?, Terminal.interactive() on " + jdk.get()).isEqualTo("true false");
    }

    /** Runs a one-line program with stdout redirected to a pipe; prints whether it got a console and what Terminal says. */
    private String probe(Jdk jdk) throws IOException, InterruptedException {
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] args) {
                        System.out.println((System.console() != null) + " " + dev.tailor.cli.Terminal.interactive());
                    }
                }
                """);
        Process process = new ProcessBuilder(jdk.java().toString(), "-cp", System.getProperty("java.class.path"), probe.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** JDKs 17 and later in the directory that holds this one (e.g. /usr/lib/jvm), each once however many links name it. */
    private static List<Jdk> installedJdks() throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        try (Stream<Path> homes = Files.list(home.getParent())) {
            return homes.map(TerminalTest::realPath).distinct().sorted()
                    .flatMap(h -> feature(h).stream().map(f -> new Jdk(h.resolve("bin/java"), f)))
                    .filter(j -> j.feature() >= 17 && Files.isExecutable(j.java()))
                    .toList();
        }
    }

    private static Optional<Integer> feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException notAJdk) {
            return Optional.empty();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
