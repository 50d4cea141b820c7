package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK 22 made {@code System.console()} return a console even with output going to a file; the check must still say
 * "not a terminal" there, or a CI log fills with progress-bar redraws. Run on the newest JDK this machine has (25, whose
 * console is again null here when redirected, so this guards the JDK 22-24 case only through {@code isTerminal}).
 */
class TerminalTest {
    private static final Path NEWER_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path dir;

    @Test
    void redirectedOutputIsNotATerminalEvenWhereSystemConsoleIsNeverNull() throws IOException, InterruptedException {
        Path java = Files.isExecutable(NEWER_JDK) ? NEWER_JDK : Path.of(System.getProperty("java.home"), "bin", "java");
        Path probe = Files.writeString(dir.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] args) {
                        System.out.println((System.console() != null) + " " + dev.tailor.cli.Terminal.interactive());
                    }
                }
                """);
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), probe.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(out).as("System.console() non-null?, Terminal.interactive() on " + java).endsWith(" false");
    }
}
