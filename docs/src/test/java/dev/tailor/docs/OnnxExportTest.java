package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.config.EnsembleFiles;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.testing.TestSpecs;
import dev.tailor.domain.training.Optimizer;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX file {@code tailor export --format onnx} writes, for every shipped config's network and one of every layer
 * type: trained a little (so batch norms have running estimates of their own), exported, and run by ONNX Runtime
 * straight from the file; it gives the classes and probabilities the DJL and DL4J classifiers give, carries its
 * metadata, and passes the onnx package's own checker.
 */
class OnnxExportTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Dataset TEST = TestData.test();

    @TempDir
    static Path dir;

    static Stream<Arguments> networks() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("tailor.configs")))) {
            configs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(6);
        return Stream.concat(configs.stream().map(p -> Arguments.of(p.getFileName().toString(), ConfigFiles.read(p).model())),
                Stream.of(Arguments.of("every layer type", TestSpecs.EVERY_LAYER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeRunsTheExportedFileAsEveryEngineRunsTheModel(String name, ModelSpec spec) throws Exception {
        Path model = train(spec, dir.resolve(spec.name()), TestTimeAugmentation.NONE);

        assertTheFileAnswersAsTailor(model, name);
    }

    /** A model trained to predict with its mirror image: the file runs the network on both and averages, as Tailor does. */
    @Test
    void aModelWithFlipAugmentationIsExportedWithItsMirrorImageAveragedIn() throws Exception {
        Path model = train(ModelPresets.SEED_CNN, dir.resolve("flip"), TestTimeAugmentation.FLIP);

        Map<String, String> metadata = assertTheFileAnswersAsTailor(model, "flip");

        assertThat(metadata.get("tailor.networks")).contains("\"tta\":\"flip\"");
        try (Classifier plain = Backends.installed().preferredTrainer().classifier(ModelPresets.SEED_CNN, TEST.classNames(),
                new FileModelStore().load(model).weights())) {
            List<Prediction> unaugmented = plain.predictAll(TEST.take(100));
            List<float[]> fromFile = runFile(dir.resolve("flip.onnx"), TEST.take(100));
            assertThat(largestDifference(unaugmented, fromFile)).as("the plain network answers otherwise").isGreaterThan(1e-3);
        }
    }

    /** An ensemble of two networks, one with flip augmentation: one file averaging them, as Tailor does. */
    @Test
    void anEnsembleIsExportedAsOneFileAveragingItsNetworks() throws Exception {
        ModelSpec batchNorm = ConfigFiles.read(Path.of(System.getProperty("tailor.configs"), "cnn-bn.json")).model();
        Path plain = train(batchNorm, dir.resolve("member-plain"), TestTimeAugmentation.NONE);
        Path flipped = train(ModelPresets.SEED_CNN, dir.resolve("member-flipped"), TestTimeAugmentation.FLIP);
        Path ensemble = dir.resolve("ensemble");
        EnsembleFiles.save(ensemble, List.of(plain, flipped));

        Map<String, String> metadata = assertTheFileAnswersAsTailor(ensemble, "ensemble");

        assertThat(metadata).containsEntry("tailor.model", "ensemble").doesNotContainKey("tailor.weightsSha256");
        assertThat(new ObjectMapper().readTree(metadata.get("tailor.networks"))).hasSize(2);
        assertThat(metadata.get("tailor.networks")).contains(ModelFiles.weightsSha256(ensemble.resolve("members/1")),
                ModelFiles.weightsSha256(ensemble.resolve("members/2")), "\"tta\":\"none\"", "\"tta\":\"flip\"");
    }

    /**
     * Exports the model or ensemble in {@code model}, runs the file in ONNX Runtime on the 1,000 test images and
     * checks its answers against every trainer's, its inputs, outputs and common metadata, and the onnx checker.
     */
    private static Map<String, String> assertTheFileAnswersAsTailor(Path model, String name) throws Exception {
        ServableModel saved = new FileModelStore().open(model);
        Path onnx = dir.resolve(name + ".onnx");
        Files.write(onnx, Backends.installed().exporter("onnx").export(saved.average(), ModelFiles.exportMetadata(model, saved)));

        Map<String, String> metadata = inspect(onnx, saved, model);
        List<float[]> fromFile = runFile(onnx, TEST);
        for (String backend : Backends.installed().trainerNames()) {
            try (Classifier classifier = Tailor.open(model, backend)) {
                assertAlike(classifier.predictAll(TEST), fromFile, name + ": the ONNX file against " + backend);
            }
        }
        assertPassesTheOnnxChecker(onnx);
        return metadata;
    }

    /** 10 Adam steps on the preferred trainer: enough to move every batch norm's running estimates off their start. */
    private static Path train(ModelSpec spec, Path model, TestTimeAugmentation tta) {
        TrainingConfig config = new TrainingConfig(1, 32, Optimizer.Adam.withLearningRate(2e-3), 5, 2).with(t -> t.tta(tta));
        TrainingResult result = Backends.installed().preferredTrainer().trainer()
                .train(new TrainingRequest(spec, TestData.train().take(320), config), TrainingListener.NONE);
        try (NetworkClassifier classifier = result.classifier()) {
            ModelFiles.save(model, spec, TEST.classNames(), classifier.weights(), result.provenance(), Map.of());
        }
        return model;
    }

    /** The file's input, output and metadata, checked against the model; the metadata returned. */
    private static Map<String, String> inspect(Path onnx, ServableModel saved, Path model) throws OrtException, IOException {
        // Tailor's ONNX backend loads the runtime first, from its natives' cache: by itself the runtime copies them to a
        // temporary directory and leaves that behind.
        Backends.installed().exporter("onnx").engine();
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            assertThat(shape(session.getInputInfo().get("image"))).containsExactly(-1, saved.input().channels(), saved.input().height(),
                    saved.input().width());
            assertThat(shape(session.getOutputInfo().get("probabilities"))).containsExactly(-1, saved.classNames().size());
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertThat(new ObjectMapper().readValue(metadata.get("tailor.classNames"), new TypeReference<List<String>>() { }))
                    .isEqualTo(saved.classNames());
            assertThat(metadata).containsEntry("tailor.version", TailorVersion.current()).containsEntry("tailor.model", saved.name())
                    .containsKeys("tailor.preprocessing", "tailor.networks");
            if (saved instanceof SavedModel) {
                assertThat(metadata).containsEntry("tailor.weightsSha256", ModelFiles.weightsSha256(model));
            }
            return metadata;
        }
    }

    /** The images through the file in ONNX Runtime, in batches of 100. */
    private static List<float[]> runFile(Path onnx, Dataset images) throws OrtException {
        Backends.installed().exporter("onnx").engine();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            return IntStream.range(0, images.size() / 100).boxed().flatMap(batch -> {
                Images input = Images.of(IntStream.range(batch * 100, batch * 100 + 100).mapToObj(images::image).toList());
                ImageShape shape = input.shape();
                try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input.pixels()),
                        new long[] {100, shape.channels(), shape.height(), shape.width()});
                     OrtSession.Result result = session.run(Map.of("image", tensor))) {
                    return Stream.of((float[][]) result.get(0).getValue());
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }

    private static void assertAlike(List<Prediction> engine, List<float[]> onnx, String what) {
        assertThat(onnx).hasSize(1000);
        int same = 0;
        for (int i = 0; i < onnx.size(); i++) {
            int best = 0;
            for (int c = 0; c < onnx.get(i).length; c++) {
                best = onnx.get(i)[c] > onnx.get(i)[best] ? c : best;
            }
            same += best == engine.get(i).classIndex() ? 1 : 0;
        }
        assertThat(same).as("same class on the 1,000 test images, " + what).isEqualTo(1000);
        assertThat(largestDifference(engine, onnx)).as("largest probability difference, " + what).isLessThan(1e-5);
    }

    /** The largest difference between an engine's probability and the file's, over every image and class. */
    private static double largestDifference(List<Prediction> engine, List<float[]> onnx) {
        double largest = 0;
        for (int i = 0; i < onnx.size(); i++) {
            float[] p = engine.get(i).probabilities();
            for (int c = 0; c < p.length; c++) {
                largest = Math.max(largest, Math.abs(p[c] - onnx.get(i)[c]));
            }
        }
        return largest;
    }

    /** Debian's python3-onnx: the full checker, shape inference included (CI installs it). */
    private static void assertPassesTheOnnxChecker(Path onnx) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import onnx").exitValue() == 0)
                .as("python3-onnx is not installed (CI installs it)").isTrue();
        Process check = run(PYTHON.toString(), "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); "
                + "onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version, m.ir_version)", onnx.toString());
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("17 8");
    }

    private static Process run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        return process;
    }
}
