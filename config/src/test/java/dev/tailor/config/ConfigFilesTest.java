package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.training.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigFilesTest {

    static Stream<Path> shippedConfigs() throws IOException {
        Path dir = Path.of(System.getProperty("tailor.configs"));
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("configs in " + dir).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void everyShippedConfigLoadsAndSurvivesARoundTrip(Path file) {
        TailorConfig config = ConfigFiles.read(file);

        assertThat(ConfigFiles.parse(ConfigFiles.toJson(config), "written")).isEqualTo(config);
    }

    @Test
    void theSeedConfigIsTheNotebooksRunAndTheDefault() {
        Path file = Path.of(System.getProperty("tailor.configs"), "seed-cnn.json");

        TailorConfig config = ConfigFiles.read(file);

        assertThat(config).isEqualTo(TailorConfig.DEFAULT);
        assertThat(config.model().parameterCount()).isEqualTo(121_930);
        assertThat(config.training().optimizer()).isEqualTo(Optimizer.Adam.withLearningRate(0.001));
        assertThat(ConfigFiles.read(file.resolveSibling("seed-cnn-layers.json")).model().layers())
                .isEqualTo(ModelPresets.SEED_CNN.layers());
    }

    @Test
    void anEmptyObjectMeansEveryDefault() {
        assertThat(ConfigFiles.parse("{}", "x.json")).isEqualTo(TailorConfig.DEFAULT);
    }

    @Test
    void malformedJsonNamesTheFileAndPlace() {
        assertThatThrownBy(() -> ConfigFiles.parse("{\n  \"backend\": \"dl4j\",\n}", "bad.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad.json: line 3, column 1: malformed JSON: Unexpected character ('}'");
    }

    @Test
    void unknownFieldsAreRejectedWithTheFieldsThatExist() {
        assertThatThrownBy(() -> ConfigFiles.parse("{\"training\": {\"epoch\": 3}}", "c.json"))
                .hasMessage("c.json: line 1, column 15: $.training.epoch: unknown field 'epoch'; "
                        + "expected one of: batchSize, epochs, init, optimizer, seed, threads");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThatThrownBy(() -> ConfigFiles.parse("{\"training\": {\"epochs\": \"five\"}}", "c.json"))
                .hasMessage("c.json: line 1, column 15: $.training.epochs: expected an integer, got \"five\"");
        assertThatThrownBy(() -> ConfigFiles.parse("{\"training\": {\"epochs\": 2.5}}", "c.json"))
                .hasMessageContaining("$.training.epochs: expected an integer, got 2.5");
    }

    @Test
    void invalidValuesCarryTheirPath() {
        assertThatThrownBy(() -> ConfigFiles.parse("{\"training\": {\"epochs\": 0}}", "c.json"))
                .hasMessage("c.json: line 1, column 2: $.training: epochs must be at least 1, got 0");
        assertThatThrownBy(() -> ConfigFiles.parse("{\"data\": {\"trainLimit\": -5}}", "c.json"))
                .hasMessageEndingWith("$.data: trainLimit must be at least 1 when given, got -5");
    }

    @Test
    void unknownLayerTypesAndImpossibleSpecsAreRejected() {
        assertThatThrownBy(() -> ConfigFiles.parse("{\"model\": {\"input\": [1,28,28], \"layers\": [{\"type\": \"conv3d\"}]}}", "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: unknown type 'conv3d'; expected one of: "
                        + "conv2d, maxPool2d, flatten, dense, dropout, softmax");
        String impossible = """
                {"model": {"input": [1, 4, 4], "layers": [
                  {"type": "conv2d", "filters": 8, "kernel": 5},
                  {"type": "flatten"}, {"type": "softmax", "classes": 10}]}}""";
        assertThatThrownBy(() -> ConfigFiles.parse(impossible, "m.json"))
                .hasMessage("m.json: line 2, column 3: $.model.layers[0] (conv2d): conv2d kernel 5x5 is larger than its input 4x4");
        assertThatThrownBy(() -> ConfigFiles.parse("{\"model\": {\"preset\": \"vgg\"}}", "m.json"))
                .hasMessageEndingWith("$.model: unknown model preset 'vgg'; known presets: seed-cnn");
    }

    @Test
    void aMissingOrEmptyFileIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigFiles.read(dir.resolve("none.json")))
                .hasMessage(dir.resolve("none.json") + ": config file not found");
        Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");
        assertThatThrownBy(() -> ConfigFiles.read(empty)).hasMessageContaining("the file is empty");
    }
}
