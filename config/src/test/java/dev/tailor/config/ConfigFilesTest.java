package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.TailorConfig;
import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.augmentation.RandomErasing;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Dropout2d;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerNorm;
import dev.tailor.domain.model.layer.LayerType;
import dev.tailor.domain.model.layer.Normalize;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.training.EarlyStopping;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.Schedule;
import dev.tailor.domain.training.Validation;
import dev.tailor.domain.training.WeightDecay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

        // The file names the backend it was measured on; everything else is the default.
        assertThat(config).isEqualTo(TailorConfig.DEFAULT.withBackend(config.backend().orElseThrow()));
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
    void aByteOrderMarkAsWindowsEditorsWriteIsAccepted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.json");
        byte[] json = "{\"training\": {\"epochs\": 3}}".getBytes(StandardCharsets.UTF_8);
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json));

        assertThat(ConfigFiles.read(file).training().epochs()).isEqualTo(3);
    }

    @Test
    void aFileThatIsNotUtf8OrFarTooLargeForAConfigIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[(1 << 20) + 1]);

        assertThatThrownBy(() -> ConfigFiles.read(latin1)).isInstanceOf(ConfigException.class)
                .hasMessage(latin1 + ": not UTF-8 text");
        assertThatThrownBy(() -> ConfigFiles.read(huge)).isInstanceOf(ConfigException.class)
                .hasMessage(huge + ": larger than the limit of 1,048,576 bytes for this kind of file");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void textAfterTheConfigObjectIsRefused() {
        assertThatThrownBy(() -> ConfigFiles.parse("{}\": \"batchNorm\" }", "trailing.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("trailing.json: line 1, column 3: unexpected text after the end of the JSON object");
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
                        + "expected one of: augment, batchSize, earlyStopping, epochs, init, labelSmoothing, optimizer, precision, schedule, seed, "
                        + "testEachEpoch, threads, transfer, tta, validation");
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
                        + "normalize, conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten, dense, dropout, dropout2d, batchNorm, layerNorm, "
                        + "activation, residual, softmax");
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
    void everyLayerTypeHasAJsonFormThatReadsBackToTheSameSpec() {
        String json = """
                {"model": {"name": "all", "input": [1, 28, 28], "layers": [
                  {"type": "normalize", "mean": [0.286], "std": [0.353]},
                  {"type": "conv2d", "filters": 8, "kernel": 3, "padding": 1, "bias": false},
                  {"type": "batchNorm", "momentum": 0.2, "epsilon": 0.001},
                  {"type": "activation", "activation": "leakyRelu"},
                  {"type": "residual", "layers": [
                    {"type": "conv2d", "filters": 16, "kernel": 3, "stride": 2, "padding": 1, "activation": "relu"},
                    {"type": "batchNorm"}], "activation": "linear"},
                  {"type": "avgPool2d", "size": 2},
                  {"type": "layerNorm", "epsilon": 0.0001},
                  {"type": "maxPool2d", "size": 2, "stride": 1},
                  {"type": "dropout2d", "rate": 0.2},
                  {"type": "dropout", "rate": 0.1},
                  {"type": "globalAvgPool"},
                  {"type": "dense", "units": 12, "activation": "tanh", "bias": false},
                  {"type": "softmax", "classes": 10}]}}""";
        ModelSpec expected = new ModelSpec("all", new ImageShape(1, 28, 28), List.of(
                new Normalize(List.of(0.286), List.of(0.353)),
                new Conv2d(8, 3, 1, Padding.zeros(1), Activation.LINEAR, false),
                new BatchNorm(0.2, 0.001),
                new ActivationLayer(Activation.LEAKY_RELU),
                new Residual(List.of(new Conv2d(16, 3, 2, Padding.zeros(1), Activation.RELU, true), new BatchNorm()),
                        Activation.LINEAR),
                new AvgPool2d(2, 2),
                new LayerNorm(1e-4),
                new MaxPool2d(2, 1),
                new Dropout2d(0.2),
                new Dropout(0.1),
                new GlobalAvgPool(),
                new Dense(12, Activation.TANH, false),
                new SoftmaxOutput(10)));

        TailorConfig config = ConfigFiles.parse(json, "all.json");

        assertThat(config.model()).isEqualTo(expected);
        assertThat(ConfigFiles.parse(ConfigFiles.toJson(config), "written")).isEqualTo(config);
        Set<String> written = new HashSet<>();
        config.model().layers().forEach(l -> written.add(l.type()));
        ((Residual) config.model().layers().get(4)).layers().forEach(l -> written.add(l.type()));
        ConfigFiles.parse(layers("{\"type\": \"dropout\", \"rate\": 0.5}"), "flat.json").model().layers().forEach(l -> written.add(l.type()));
        assertThat(written).as("every layer type is in this test").hasSize(Layer.class.getPermittedSubclasses().length)
                .containsExactlyInAnyOrder(LayerType.names().split(", "));
        assertThat(new Residual(List.of(new BatchNorm())).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void badLayersAreRefusedAtTheirPlaceInTheFileNestedOnesIncluded() {
        String mismatch = """
                {"model": {"input": [8, 28, 28], "layers": [
                  {"type": "residual", "layers": [{"type": "conv2d", "filters": 8, "kernel": 3}]},
                  {"type": "flatten"}, {"type": "softmax", "classes": 10}]}}""";
        assertThatThrownBy(() -> ConfigFiles.parse(mismatch, "m.json"))
                .hasMessage("m.json: line 2, column 3: $.model.layers[0] (residual): the body turns 8x28x28 into 8x26x26 but a 1x1 "
                        + "shortcut with the body's stride 1 gives 8x28x28; pad the body's convolutions to keep the size "
                        + "(e.g. padding 1 for 3x3 kernels)");
        String tooBigInside = """
                {"model": {"input": [1, 28, 28], "layers": [
                  {"type": "maxPool2d", "size": 4},
                  {"type": "residual", "layers": [
                    {"type": "batchNorm"},
                    {"type": "conv2d", "filters": 1, "kernel": 9}]},
                  {"type": "flatten"}, {"type": "softmax", "classes": 10}]}}""";
        assertThatThrownBy(() -> ConfigFiles.parse(tooBigInside, "m.json"))
                .hasMessage("m.json: line 5, column 5: $.model.layers[1].layers[1] (conv2d): conv2d kernel 9x9 is larger than its input 7x7");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"conv2d\", \"filters\": 8, \"kernel\": 3, \"padding\": 3}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: padding 3 must be smaller than the kernel (3): border outputs would see "
                        + "nothing but the added zeros");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"conv2d\", \"filters\": 8, \"kernel\": 3, \"padding\": 1.5}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: padding must be \"valid\", \"same\" or a number of zeros on each side, got 1.5");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"residual\", \"layers\": []}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: a residual needs at least one layer in its body");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"residual\", \"layers\": [{\"type\": \"conv2d\", \"filters\": 0, "
                + "\"kernel\": 3}]}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0].layers[0]: filters must be at least 1, got 0");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"batchNorm\", \"momentum\": 0.9, \"epsilon\": -1}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: epsilon must be a small positive number, got -1.0");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"activation\"}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0]: activation is required (one of: relu, leakyRelu, tanh, sigmoid, linear)");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"activation\", \"activation\": \"linear\"}"), "m.json"))
                .hasMessageContaining("$.model.layers[0]: an activation layer needs a non-linear activation");
        assertThatThrownBy(() -> ConfigFiles.parse(layers("{\"type\": \"batchNorm\", \"axis\": 1}"), "m.json"))
                .hasMessageEndingWith("$.model.layers[0].axis: unknown field 'axis'; expected one of: epsilon, momentum");
    }

    @Test
    void aWholeTrainingRecipeReadsIntoTheDomainAndBack() {
        String json = """
                {"training": {
                  "epochs": 12, "batchSize": 64,
                  "optimizer": {"type": "adamw", "learningRate": 0.004, "weightDecay": 0.05},
                  "schedule": {"type": "oneCycle", "warmup": 0.2, "decay": "linear", "floor": 0.01},
                  "augment": {"shift": 2, "flip": true, "erase": {"probability": 0.4, "area": [0.05, 0.3], "fill": "zero"}},
                  "labelSmoothing": 0.1,
                  "validation": 0.1,
                  "earlyStopping": {"monitor": "validationAccuracy", "patience": 4, "minDelta": 0.001},
                  "tta": "flip", "precision": "bf16"}}""";

        TailorConfig config = ConfigFiles.parse(json, "recipe.json");
        var t = config.training();

        assertThat(t.optimizer()).isEqualTo(new Optimizer.AdamW(0.004, 0.9, 0.999, 1e-7, WeightDecay.of(0.05)));
        assertThat(t.schedule()).isEqualTo(new Schedule.OneCycle(0.2, 0.04, Schedule.Decay.LINEAR, 0.01));
        assertThat(t.augmentation()).isEqualTo(new Augmentation(2, true,
                Optional.of(new RandomErasing(0.4, 0.05, 0.3, 0.3, RandomErasing.Fill.ZERO))));
        assertThat(t.labelSmoothing().epsilon()).isEqualTo(0.1);
        assertThat(t.validation()).isEqualTo(new Validation(0.1,
                Optional.of(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 4, 0.001))));
        assertThat(t.testEachEpoch()).as("with a validation share the test set is scored once").isFalse();
        assertThat(t.tta()).isEqualTo(TestTimeAugmentation.FLIP);
        assertThat(t.precision()).isEqualTo(Precision.BF16);
        assertThat(ConfigFiles.parse(ConfigFiles.toJson(config), "written")).isEqualTo(config);
        assertThat(TailorConfig.DEFAULT.training().precision()).isEqualTo(Precision.FLOAT32);
        assertThat(ConfigFiles.toJson(TailorConfig.DEFAULT)).as("float32 is left out, as configs written before it")
                .doesNotContain("precision");
        assertThat(ConfigFiles.parse("{\"training\": {\"optimizer\": {\"type\": \"adamw\"}}}", "d.json").training()
                .optimizer().weightDecay()).isEqualTo(WeightDecay.of(0.01));
        assertThat(ConfigFiles.parse("{\"training\": {\"validation\": 0.2, \"testEachEpoch\": true}}", "d.json").training()
                .testEachEpoch()).isTrue();
        assertThat(TailorConfig.DEFAULT.training().testEachEpoch()).as("the notebook scored the test set every epoch").isTrue();
    }

    @Test
    void badRecipeValuesAreRefusedWithTheirPath() {
        assertRefused("{\"optimizer\": {\"type\": \"adamw\", \"weightDecay\": -0.1}}",
                "$.training.optimizer: weightDecay must be zero or a positive number, got -0.1");
        assertRefused("{\"schedule\": {\"type\": \"oneCycle\", \"warmup\": 1.5}}",
                "$.training.schedule: warmup is the share of training spent warming up and must be in [0, 1), got 1.5");
        assertRefused("{\"schedule\": {\"type\": \"exponential\"}}",
                "$.training.schedule: unknown type 'exponential'; expected one of: constant, step, cosine, oneCycle");
        assertRefused("{\"schedule\": {\"type\": \"step\", \"factor\": 0.5}}",
                "$.training.schedule: everyEpochs is required (an integer)");
        assertRefused("{\"schedule\": {\"type\": \"oneCycle\", \"decay\": \"exponential\"}}",
                "$.training.schedule: unknown decay 'exponential'; expected cosine or linear");
        assertRefused("{\"validation\": 0}",
                "$.training: validation is the share of training images held out and must be in (0, 1), got 0.0");
        assertRefused("{\"validation\": 1.0}",
                "$.training: validation is the share of training images held out and must be in (0, 1), got 1.0");
        assertRefused("{\"earlyStopping\": {\"patience\": 2}}",
                "$.training: earlyStopping watches validation scores: give a validation share as well");
        assertRefused("{\"validation\": 0.1, \"earlyStopping\": {\"monitor\": \"testAccuracy\"}}",
                "$.training.earlyStopping: unknown monitor 'testAccuracy'; expected validationLoss or validationAccuracy");
        assertRefused("{\"validation\": 0.1, \"earlyStopping\": {\"patience\": 0}}",
                "$.training.earlyStopping: patience must be at least 1 epoch, got 0");
        assertRefused("{\"augment\": {\"erase\": {\"probability\": 1.5}}}",
                "$.training.augment.erase: erase probability must be in (0, 1], got 1.5");
        assertRefused("{\"augment\": {\"erase\": {\"area\": [0.5]}}}",
                "$.training.augment.erase: area must be [min, max], shares of the image, got [0.5]");
        assertRefused("{\"augment\": {\"shift\": -2}}", "$.training.augment: shift must be 0 or more pixels, got -2");
        assertRefused("{\"augment\": {\"rotate\": 10}}",
                "$.training.augment.rotate: unknown field 'rotate'; expected one of: erase, flip, shift");
        assertRefused("{\"labelSmoothing\": 1}", "$.training: labelSmoothing must be in [0, 1), got 1.0");
        assertRefused("{\"tta\": \"crop\"}", "$.training: unknown tta 'crop'; expected none or flip");
        assertRefused("{\"precision\": \"fp16\"}", "$.training: unknown precision 'fp16'; expected float32 or bf16");
    }

    private static void assertRefused(String training, String expectedEnd) {
        assertThatThrownBy(() -> ConfigFiles.parse("{\"training\": " + training + "}", "r.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("r.json: line 1, column ")
                .hasMessageEndingWith(expectedEnd);
    }

    /** A model whose first layer is {@code layer}, followed by what makes it a complete spec. */
    private static String layers(String layer) {
        return "{\"model\": {\"input\": [8, 28, 28], \"layers\": [" + layer
                + ", {\"type\": \"flatten\"}, {\"type\": \"softmax\", \"classes\": 10}]}}";
    }

    @Test
    void aMissingOrEmptyFileIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigFiles.read(dir.resolve("none.json")))
                .hasMessage(dir.resolve("none.json") + ": config file not found");
        Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");
        assertThatThrownBy(() -> ConfigFiles.read(empty)).hasMessageContaining("the file is empty");
    }
}
