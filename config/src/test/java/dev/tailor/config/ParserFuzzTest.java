package dev.tailor.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Whatever bytes a config, safetensors, manifest or image file holds, Tailor gives a result or its one-line error
 * ({@link InvalidInputException}); any other exception fails. The suite replays the committed inputs under
 * src/test/resources/dev/tailor/config/ParserFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class ParserFuzzTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);
    /** A real model directory whose manifest each input replaces; "@SHA@" in an input stands for its weights' checksum. */
    private static final Path MODEL = savedModel();
    private static final String SHA = Checksums.sha256(MODEL.resolve(ModelFiles.WEIGHTS));

    @FuzzTest(maxDuration = "5m")
    void configFiles(byte[] bytes) {
        try {
            ConfigFiles.parse(new String(bytes, StandardCharsets.UTF_8), "fuzz.json");
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safetensorsFiles(byte[] bytes) {
        try {
            SafeTensors.decode(bytes, "fuzz.safetensors");
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }

    @FuzzTest(maxDuration = "5m")
    void manifestFiles(byte[] bytes) throws IOException {
        Files.writeString(MODEL.resolve(ModelFiles.MANIFEST), new String(bytes, StandardCharsets.UTF_8).replace("@SHA@", SHA));
        try {
            ModelFiles.load(MODEL);
            ModelFiles.provenance(MODEL);
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }

    @FuzzTest(maxDuration = "5m")
    void imageFiles(byte[] bytes) {
        try {
            ImageFiles.decode(bytes, "fuzz.png", MNIST, Preprocessing.Inversion.AUTO);
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }

    private static Path savedModel() {
        try {
            Path model = Files.createTempDirectory("tailor-fuzz-model").resolve("model");
            ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 1),
                    new Provenance("fuzz", "djl", "DJL", TrainingConfig.BASELINE, new DataOrigin("/data", Map.of()), 1,
                            Instant.EPOCH), Map.of());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
