package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution zip, unpacked outside the checkout and run with nothing but a Java runtime: bin/tailor trains on
 * the committed data subset, predicts the PNGs it exported, in-process and on embedded Spark, and shows its version.
 * Runs in {@code verify}, after package.
 */
class DistributionIT {
    private static final Path ZIP = Path.of(System.getProperty("tailor.distribution"));

    @TempDir
    Path dir;

    @Test
    void theZipRunsFromADirectoryOutsideTheCheckout() throws Exception {
        Path home = unzip(ZIP, dir.resolve("opt"));
        Path tailor = home.resolve("bin/tailor");
        assertThat(home.resolve("lib/tailor.jar")).exists();
        assertThat(home.resolve("configs/seed-cnn.json")).exists();
        assertThat(home.resolve("LICENSE")).exists();

        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(run(work, tailor, "--version")).contains("0.1.0");
        String data = TestData.subsetDirectory().toString();
        run(work, tailor, "train", "--config", home.resolve("configs/seed-cnn.json").toString(), "--data", data,
                "--train-limit", "256", "--test-limit", "64", "--epochs", "1", "--output", "runs/first", "--quiet");
        assertThat(work.resolve("runs/first/model/manifest.json")).exists();
        run(work, tailor, "dataset", "--dir", data, "--export-images", "pngs", "--limit", "3");
        String predicted = run(work, tailor, "predict", "--model", "runs/first/model", "pngs");
        assertThat(predicted.lines()).hasSize(3).allMatch(line -> line.matches("pngs/0000[0-2]\\.png: .+%.*"));
        // Spark's jars are in lib/spark, on the class path only for --spark.
        assertThat(run(work, tailor, "predict", "--model", "runs/first/model", "--spark", "--input", "pngs", "--output", "p.parquet"))
                .isEqualTo("wrote 3 rows to p.parquet (0 could not be classified)\n");
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        Path top = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(into)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
                if (top == null) {
                    top = into.resolve(Path.of(entry.getName()).getName(0));
                }
            }
        }
        // ZipInputStream does not carry Unix modes; the assembly marks bin/tailor 0755, as unzip restores.
        top.resolve("bin/tailor").toFile().setExecutable(true);
        return top;
    }

    /** With only a Java runtime: JAVA_HOME, and a PATH of the system's basic tools. */
    private static String run(Path directory, Path tailor, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tailor.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", directory.toString());
        Path err = Files.createTempFile(directory, "err", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out + Files.readString(err)).isZero();
        return out;
    }
}
