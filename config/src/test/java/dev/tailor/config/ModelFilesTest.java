package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.SavedModel;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    private static final Weights WEIGHTS = Weights.initial(ModelPresets.SEED_CNN, 5);
    private static final Provenance PROVENANCE = new Provenance("test", "djl", "DJL x", TrainingConfig.BASELINE,
            new DataOrigin("/data", Map.of("train-images-idx3-ubyte.gz", "ab")), 60_000, Instant.parse("2026-11-25T06:00:00Z"));
    private static final Map<String, Double> METRICS = Map.of("testAccuracy", 0.9);

    @TempDir
    Path dir;

    private Path saved() {
        Path model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, WEIGHTS, PROVENANCE, METRICS);
        return model;
    }

    @Test
    void aSavedModelLoadsBackWithItsProvenance() throws IOException {
        SavedModel model = ModelFiles.load(saved());

        assertThat(model.spec()).isEqualTo(ModelPresets.SEED_CNN);
        assertThat(model.weights()).isEqualTo(WEIGHTS);
        assertThat(model.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        assertThat(model.trainedOn()).isEqualTo("djl");
        String manifest = Files.readString(dir.resolve("model/manifest.json"));
        assertThat(manifest).contains("\"format\" : \"tailor-model\"", "\"seed\" : 42", "\"train-images-idx3-ubyte.gz\" : \"ab\"",
                "\"testAccuracy\" : 0.9", "\"tailorVersion\" : \"test\"", "\"createdAt\"", "\"range\" : \"[0, 1]\"");
        try (var files = Files.list(dir.resolve("model"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("manifest.json", "weights.safetensors");
        }
    }

    @Test
    void aDirectoryWithoutAManifestIsNotAModel() throws IOException {
        Path model = saved();
        Files.delete(model.resolve("manifest.json"));

        assertThatThrownBy(() -> ModelFiles.load(model))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(model + ": no manifest.json; not a Tailor model directory");
        assertThatThrownBy(() -> ModelFiles.load(dir.resolve("none"))).hasMessageEndingWith("model directory not found");
    }

    @Test
    void modifiedWeightsNeverLoad() throws IOException {
        Path model = saved();
        byte[] bytes = Files.readAllBytes(model.resolve("weights.safetensors"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(model.resolve("weights.safetensors"), bytes);

        assertThatThrownBy(() -> ModelFiles.load(model))
                .hasMessage(model.resolve("weights.safetensors") + ": does not match the SHA-256 recorded in "
                        + model.resolve("manifest.json") + " (modified or damaged)");
    }

    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheTensorThoughTheChecksumMatches() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Map<String, Tensor> tensors = new LinkedHashMap<>(WEIGHTS.tensors());
            Tensor kernel = tensors.get("3.weight");
            float[] values = kernel.values().clone();
            values[17] = bad;
            tensors.put("3.weight", new Tensor(kernel.shape(), values));
            Path model = dir.resolve("model-" + bad);
            ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, new Weights(tensors), PROVENANCE, METRICS);

            assertThatThrownBy(() -> ModelFiles.load(model))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(model.resolve("weights.safetensors") + ": tensor '3.weight' holds " + bad + " at element 17 of "
                            + values.length + "; a model's weights must be finite numbers");
        }
    }

    @Test
    void weightsThatDoNotFitTheSpecAreRejectedByTensor() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(WEIGHTS.tensors());
        tensors.put("7.weight", new Tensor(List.of(64, 1000), new float[64_000]));
        Path file = dir.resolve("other.safetensors");
        Files.write(file, SafeTensors.encode(new Weights(tensors), Map.of()));

        assertThatThrownBy(() -> ModelFiles.readWeights(file, ModelPresets.SEED_CNN))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage(file + ": tensor '7.weight' has shape [64, 1000] but model seed-cnn needs [64, 1600]");
    }
}
