package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input ends in one clear line on stderr, exit code 2, no stack trace and no output left behind. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path output() {
        return dir.resolve("out");
    }

    private Cli.Result train(String... args) {
        String[] all = Stream.concat(Stream.of("train", "--output", output().toString(), "--epochs", "1",
                "--train-limit", "64", "--test-limit", "32"), Stream.of(args)).toArray(String[]::new);
        return Cli.run(all);
    }

    private void assertRejected(Cli.Result result, String expectedMessage) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as("stderr").hasSize(1);
        assertThat(result.err().strip()).isEqualTo("tailor: error: " + expectedMessage);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
        assertThat(output()).doesNotExist();
        assertThat(dir.toFile().list()).allSatisfy(name -> assertThat(name).doesNotContain(".partial-"));
    }

    private Path copyOfSubset() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (Stream<Path> files = Files.list(TestData.subsetDirectory())) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        return data;
    }

    private Path configFile(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    /**
     * Rejected after the run's staging directory exists (the request is checked when training starts), so the
     * "nothing left behind" check has something to find if cleaning up ever breaks.
     */
    @Test
    void aBatchNormThatWouldSeeASingleImageIsRejectedOnceTheRunHasStarted() throws IOException {
        Path config = configFile("""
                {"model": {"name": "bn-dense", "input": [1, 28, 28], "layers": [
                  {"type": "flatten"}, {"type": "dense", "units": 16}, {"type": "batchNorm"},
                  {"type": "softmax", "classes": 10}]},
                 "training": {"epochs": 1, "batchSize": 32},
                 "data": {"dir": "%s", "trainLimit": 65, "testLimit": 32}}""".formatted(TestData.subsetDirectory()));

        assertRejected(Cli.run("train", "--config", config.toString(), "--output", output().toString()),
                "the batchNorm at module 2 needs at least 2 values per feature in every training batch, but 65 images at "
                        + "batch size 32 leave a batch of 1; choose a batch size that leaves no single image");
    }

    /** Refused before any data is read: the data directory named here does not exist. */
    @Test
    void aPrecisionTheBackendDoesNotOfferIsRefusedBeforeTheDataIsRead() {
        assertRejected(train("--backend", "dl4j", "--precision", "bf16", "--data", dir.resolve("no-such-data").toString()),
                "training.precision 'bf16' is not offered by the dl4j backend (it trains in float32); choose another backend or "
                        + "precision");
    }

    @Test
    void anOutputThatAlreadyHoldsARun() throws IOException {
        Files.createDirectories(output());
        Files.writeString(output().resolve("metrics.json"), "{}");

        Cli.Result result = train("--data", TestData.subsetDirectory().toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("tailor: error: output " + output() + " already holds a run; choose another "
                + "--output, or give --overwrite to replace it");
        assertThat(output().resolve("metrics.json")).content().isEqualTo("{}");
        assertThat(dir.toFile().list()).containsExactly("out");
    }

    @Test
    void aDataFileWithABadMagicNumber() throws IOException {
        Path data = copyOfSubset();
        Path labels = data.resolve("train-labels-idx1-ubyte.gz");
        Files.write(labels, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 5});

        assertRejected(train("--data", data.toString()),
                labels + ": not an IDX label file: magic number 0x00000803, expected 0x00000801 (2049)");
    }

    @Test
    void aTruncatedDataFile() throws IOException {
        Path data = copyOfSubset();
        Path images = data.resolve("t10k-images-idx3-ubyte.gz");
        try (RandomAccessFile file = new RandomAccessFile(images.toFile(), "rw")) {
            file.setLength(file.length() / 3);
        }

        assertRejected(train("--data", data.toString()), images + ": truncated: the gzip stream ends early");
    }

    @Test
    void aMissingDataDirectory() {
        Path missing = dir.resolve("no-such-dir");

        assertRejected(train("--data", missing.toString()),
                "data directory " + missing + " (from --data, or data.dir in the config) does not exist");
    }

    @Test
    void malformedJson() throws IOException {
        Path config = configFile("{\"backend\": \"dl4j\",, }");

        assertRejected(train("--config", config.toString()), config
                + ": line 1, column 20: malformed JSON: Unexpected character (',' (code 44)): was expecting double-quote to start field name");
    }

    @Test
    void anUnknownField() throws IOException {
        Path config = configFile("{\n  \"backend\": \"dl4j\",\n  \"epochs\": 3\n}");

        assertRejected(train("--config", config.toString()), config
                + ": line 3, column 3: $.epochs: unknown field 'epochs'; expected one of: backend, data, model, output, training");
    }

    @Test
    void anUnknownBackend() {
        assertRejected(train("--backend", "tensorflow"),
                "unknown backend 'tensorflow'; installed backends: " + String.join(", ", Backends.installed().names()));
    }

    @Test
    void aBackendThatOnlyServesCannotTrain() {
        assertRejected(train("--backend", "onnx"), "backend 'onnx' serves models but cannot train; backends that train: "
                + String.join(", ", Backends.installed().trainerNames()));
    }

    @Test
    void anUnknownExportFormatIsRefusedBeforeTheModelIsRead() {
        assertRejected(Cli.run("export", "--model", dir.resolve("no-such-model").toString(), "--format", "tflite", "--output",
                output().toString()), "unknown --format 'tflite'; expected one of: safetensors, onnx");
    }

    @Test
    void aResidualWhoseBodyNoShortcutCanMatch() throws IOException {
        Path config = configFile("""
                {"model": {"input": [1, 28, 28], "layers": [
                  {"type": "conv2d", "filters": 8, "kernel": 3, "padding": 1},
                  {"type": "residual", "layers": [
                    {"type": "batchNorm"},
                    {"type": "conv2d", "filters": 8, "kernel": 3}]},
                  {"type": "flatten"},
                  {"type": "softmax", "classes": 10}]}}""");

        assertRejected(train("--config", config.toString(), "--data", TestData.subsetDirectory().toString()), config
                + ": line 3, column 3: $.model.layers[1] (residual): the body turns 8x28x28 into 8x26x26 but a 1x1 shortcut with "
                + "the body's stride 1 gives 8x28x28; pad the body's convolutions to keep the size (e.g. padding 1 for 3x3 kernels)");
    }

    @Test
    void aBatchNormOverVectorsWithALastBatchOfOneImage() throws IOException {
        Path config = configFile("""
                {"model": {"input": [1, 28, 28], "layers": [
                  {"type": "flatten"}, {"type": "batchNorm"}, {"type": "softmax", "classes": 10}]},
                 "training": {"batchSize": 21}}""");

        assertRejected(train("--config", config.toString(), "--data", TestData.subsetDirectory().toString()),
                "the batchNorm at module 1 needs at least 2 values per feature in every training batch, but 64 images at batch "
                        + "size 21 leave a batch of 1; choose a batch size that leaves no single image");
    }

    @Test
    void anImpossibleSpec() throws IOException {
        Path config = configFile("""
                {"model": {"input": [1, 28, 28], "layers": [
                  {"type": "maxPool2d", "size": 4},
                  {"type": "maxPool2d", "size": 4},
                  {"type": "conv2d", "filters": 8, "kernel": 3},
                  {"type": "flatten"},
                  {"type": "softmax", "classes": 10}]}}""");

        assertRejected(train("--config", config.toString()), config
                + ": line 4, column 3: $.model.layers[2] (conv2d): conv2d kernel 3x3 is larger than its input 1x1");
    }

    @Test
    void aSpecThatDoesNotFitTheData() throws IOException {
        Path config = configFile("""
                {"model": {"input": [1, 28, 28], "layers": [{"type": "flatten"}, {"type": "softmax", "classes": 5}]}}""");

        assertRejected(train("--config", config.toString(), "--data", TestData.subsetDirectory().toString()),
                "model custom predicts 5 classes but the data has 10");
    }

    @Test
    void anInvalidOverride() {
        assertRejected(train("--batch-size", "0"), "batchSize must be at least 1, got 0");
    }

    @Test
    void anOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        Cli.Result result = Cli.run("train", "--output", file.toString(), "--data", TestData.subsetDirectory().toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("tailor: error: output " + file + " exists and is not a directory");
    }

    @Test
    void anUnknownOption() {
        Cli.Result result = Cli.run("train", "--epoch", "3");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err().strip()).isEqualTo("tailor: error: Unknown options: '--epoch', '3' (see 'tailor train --help')");
    }

    /** Spark is off the command line's class path unless the launcher adds it; the cluster port says so in one line. */
    @Test
    void sparkWithoutItsLibraries() {
        Cli.Result result = Cli.run("compare", "--spark", "--output", output().toString(), "--epochs", "1", "--train-limit", "64",
                "--test-limit", "32");

        assertRejected(result, "--spark needs Tailor's Spark libraries on the class path; bin/tailor and ./tailor add them "
                + "(lib/spark) when the command line has --spark");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli.Result result = train("--backend", "tensorflow", "--verbose");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("\tat ").endsWith("tailor: error: unknown backend 'tensorflow'; installed backends: "
                + String.join(", ", Backends.installed().names()) + "\n");
    }
}
