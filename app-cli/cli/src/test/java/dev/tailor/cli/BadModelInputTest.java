package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.ModelFiles;
import dev.tailor.config.SafeTensors;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken models, weights and images: one line, exit code 2, never a silently wrong model. */
class BadModelInputTest {
    @TempDir
    Path dir;
    Path model;
    byte[] weights;

    @BeforeEach
    void saveAModel() {
        model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 1),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        weights = SafeTensors.encode(Weights.initial(ModelPresets.SEED_CNN, 1), Map.of());
    }

    private void assertRejected(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err().strip()).isEqualTo("tailor: error: " + message);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private Cli.Result trainFrom(Path initial) {
        return Cli.run("train", "--init-from", initial.toString(), "--data", TestData.subsetDirectory().toString(),
                "--train-limit", "32", "--test-limit", "32", "--epochs", "1", "--output", dir.resolve("out").toString());
    }

    @Test
    void aTruncatedWeightsFile() throws IOException {
        Path file = Files.write(dir.resolve("w.safetensors"), Arrays.copyOf(weights, 5000));

        // The header survives; the data stops 4,400 bytes in, inside the third tensor.
        assertRejected(trainFrom(file), file + ": tensor '3.weight' has data_offsets [1280, 75008] outside the 4400 bytes of data");
    }

    @Test
    void aLyingHeaderLength() throws IOException {
        byte[] lying = weights.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 999_999_999L);
        Path file = Files.write(dir.resolve("w.safetensors"), lying);

        assertRejected(trainFrom(file), file + ": the header claims 999999999 bytes but the file holds " + (lying.length - 8)
                + " after the length field (truncated, or not a safetensors file)");
    }

    @Test
    void aTensorOfTheWrongShape() throws IOException {
        String header = "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[16,1,3,3],\"data_offsets\":[0,576]}}";
        Path file = Files.write(dir.resolve("w.safetensors"), withHeader(header, 576));

        assertRejected(trainFrom(file), file + ": tensor '0.weight' has shape [16, 1, 3, 3] but model seed-cnn needs [32, 1, 3, 3]");
    }

    @Test
    void anUnknownDtype() throws IOException {
        String header = "{\"0.weight\":{\"dtype\":\"BF16\",\"shape\":[32,1,3,3],\"data_offsets\":[0,576]}}";
        Path file = Files.write(dir.resolve("w.safetensors"), withHeader(header, 576));

        assertRejected(trainFrom(file), file + ": tensor '0.weight' has dtype BF16; Tailor reads F32 (float32) and I64 (int64) tensors only");
    }

    @Test
    void aMissingManifest() throws IOException {
        Files.delete(model.resolve("manifest.json"));

        assertRejected(Cli.run("predict", "--model", model.toString(), "x.png"), model + ": no manifest.json; not a Tailor model directory");
        assertRejected(Cli.run("evaluate", "--model", model.toString()), model + ": no manifest.json; not a Tailor model directory");
    }

    @Test
    void aModifiedWeightsFile() throws IOException {
        Path file = model.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);

        assertRejected(Cli.run("export", "--model", model.toString(), "--output", dir.resolve("out/w.safetensors").toString()),
                file + ": does not match the SHA-256 recorded in " + model.resolve("manifest.json") + " (modified or damaged)");
    }

    @Test
    void aFileThatIsNotAnImageIsReportedOnItsLineAndTheExitCodeSaysSo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not really a picture");
        Path missing = dir.resolve("missing.png");

        Cli.Result result = Cli.run("predict", "--model", model.toString(), text.toString(), missing.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(PredictCommand.SOME_FAILED);
        assertThat(result.out().lines()).containsExactly(text + ": error: not an image (expected PNG, JPEG, GIF or BMP)",
                missing + ": error: file not found");
        assertThat(result.err().strip()).isEqualTo("tailor: 2 of 2 files could not be classified");
        assertRejected(Cli.run("predict", "--model", model.toString(), "--invert", "maybe", missing.toString()),
                "Invalid value for option '--invert': 'maybe'; expected auto, yes or no (see 'tailor predict --help')");
        assertRejected(Cli.run("predict", "--model", model.toString(), "--batch-size", "0", missing.toString()),
                "Invalid value for option '--batch-size': 0; expected at least 1 (see 'tailor predict --help')");
    }

    @Test
    void aDirectoryWithoutImagesIsAnError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        Files.writeString(empty.resolve("readme.txt"), "no pictures here");

        assertRejected(Cli.run("predict", "--model", model.toString(), dir.resolve("empty").toString()),
                "no image files (bmp, gif, jpeg, jpg, png) found under " + dir.resolve("empty"));
    }

    private static byte[] withHeader(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array();
    }
}
