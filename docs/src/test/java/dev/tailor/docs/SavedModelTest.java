package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.config.ImageFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving example and the PyTorch script, run as documented on a model trained on the committed data. */
class SavedModelTest {
    /** Debian's python3-torch belongs to the system interpreter, which a pyenv or venv on the PATH may hide. */
    private static final String PYTHON = java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path dir;
    static Path model;
    static Evaluation trainedScore;

    @BeforeAll
    static void trainAndSave() {
        Dataset test = TestData.test();
        TrainingResult result = Backends.installed().trainer("dl4j").trainer().train(
                new TrainingRequest(ModelPresets.SEED_CNN, TestData.train(), Optional.of(test), TrainingConfig.BASELINE.with(t -> t.epochs(1))),
                TrainingListener.NONE);
        trainedScore = result.testEvaluation().orElseThrow();
        model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, test.classNames(), result.classifier().weights(),
                result.provenance(), Map.of("testAccuracy", trainedScore.accuracy()));
    }

    @Test
    void theServingExampleScoresWhatTrainingScored() throws Exception {
        assertThat(ServeSavedModel.accuracy(model, TestData.test())).isEqualTo(trainedScore.accuracy());
    }

    @Test
    void imageFilesAreClassifiedAsTheirPixelsAre() throws Exception {
        Dataset test = TestData.test().take(20);
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            files.add(png(test.image(i).pixels(), dir.resolve("image-" + i + ".png")));
        }

        List<dev.tailor.domain.inference.Prediction> fromFiles = ClassifyImageFiles.classify(model, files);

        try (var classifier = Tailor.open(model)) {
            for (int i = 0; i < test.size(); i++) {
                assertThat(fromFiles.get(i).probabilities()).as("image %d", i)
                        .containsExactly(classifier.predict(test.image(i)).probabilities());
            }
        }
    }

    /** A folder scored as {@code tailor predict} scores it: every image in a line, a broken one reported in its place. */
    @Test
    void aFolderIsScoredFileByFileWithItsBrokenFilesReported() throws Exception {
        Dataset test = TestData.test().take(5);
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("folder/nested"));
        List<String> expected = new java.util.ArrayList<>();
        try (var classifier = Tailor.open(model)) {
            for (int i = 0; i < test.size(); i++) {
                Path file = png(test.image(i).pixels(), folder.resolve("item-" + i + ".png"));
                expected.add(file + ": " + classifier.predict(test.image(i)).className());
            }
        }
        Path broken = java.nio.file.Files.writeString(folder.resolve("broken.png"), "not a png");

        List<String> lines = ClassifyImageFiles.classifyFolders(model, List.of(dir.resolve("folder")));

        assertThat(lines).hasSize(6).containsAll(expected);
        assertThat(lines).filteredOn(line -> line.startsWith(broken + ": ")).singleElement().asString()
                .startsWith(broken + ": not classified, ");
    }

    /**
     * A dark shape on white: {@code auto} inverts it to the training images' light-on-dark, {@code never} (what a model
     * trained on photos over white records) leaves it. The opened model must prepare it as its manifest says.
     */
    @Test
    void anOpenedModelPreparesFilesWithTheInversionItsManifestRecords() throws Exception {
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                png.getRaster().setSample(x, y, 0, x > 8 && x < 20 && y > 4 && y < 24 ? 30 : 255);
            }
        }
        Path file = dir.resolve("dark-on-white.png");
        javax.imageio.ImageIO.write(png, "png", file.toFile());
        Path never = dir.resolve("never-inverts");
        java.nio.file.Files.createDirectories(never);
        java.nio.file.Files.copy(model.resolve(ModelFiles.WEIGHTS), never.resolve(ModelFiles.WEIGHTS));
        ObjectMapper json = new ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(model.resolve(ModelFiles.MANIFEST).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("preprocessing")).put("invert", "never");
        json.writeValue(never.resolve(ModelFiles.MANIFEST).toFile(), manifest);

        try (Tailor.Model auto = Tailor.open(model); Tailor.Model kept = Tailor.open(never)) {
            assertThat(auto.inversion()).isEqualTo(Preprocessing.Inversion.AUTO);
            assertThat(kept.inversion()).isEqualTo(Preprocessing.Inversion.NEVER);
            float[] inverted = auto.prepare(file).pixels();
            float[] asIs = kept.prepare(file).pixels();
            assertThat(inverted[0]).isEqualTo(0f);
            assertThat(asIs[0]).isEqualTo(1f);
            assertThat(asIs).containsExactly(ImageFiles.read(file, kept.input(), Preprocessing.Inversion.NEVER).pixels());
            assertThat(kept.prepare(java.nio.file.Files.readAllBytes(file), "upload").pixels()).containsExactly(asIs);
            assertThat(kept.classify(file).probabilities()).containsExactly(kept.predict(kept.prepare(file)).probabilities());
            assertThat(auto.classify(file).probabilities()).isNotEqualTo(kept.classify(file).probabilities());
        }
    }

    @Test
    void pytorchOpensTheModelAndScoresTheSame() throws Exception {
        assumeTrue(torchAvailable(), "python3 with torch and numpy is not installed (CI installs it)");
        Process python = new ProcessBuilder(PYTHON, System.getProperty("tailor.pytorch.script"), model.toString(),
                TestData.subsetDirectory().toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();

        JsonNode result = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result.get("testAccuracy").asDouble()).isCloseTo(trainedScore.accuracy(), org.assertj.core.api.Assertions.within(1e-4));
        List<Double> first = new ObjectMapper().convertValue(result.get("firstImageProbabilities"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Double>>() { });
        float[] tailor = trainedScore.predictions().get(0).probabilities();
        for (int c = 0; c < 10; c++) {
            assertThat(first.get(c)).isCloseTo(tailor[c], org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    private static boolean torchAvailable() throws Exception {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").start();
            return check.waitFor(120, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (java.io.IOException noPython) {
            return false;
        }
    }

    /** A hand-written manifest may name no trainer; loading picks any installed backend instead of failing. */
    @Test
    void aModelThatNamesNoTrainerLoadsOnAnInstalledBackend() throws Exception {
        Path copy = dir.resolve("anonymous");
        java.nio.file.Files.createDirectories(copy);
        java.nio.file.Files.copy(model.resolve(ModelFiles.WEIGHTS), copy.resolve(ModelFiles.WEIGHTS));
        ObjectMapper json = new ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(model.resolve(ModelFiles.MANIFEST).toFile());
        manifest.remove("trainedWith");
        json.writeValue(copy.resolve(ModelFiles.MANIFEST).toFile(), manifest);

        assertThat(ModelFiles.load(copy).trainedOn()).isNull();
        try (var classifier = Tailor.open(copy)) {
            assertThat(Evaluation.of(classifier, TestData.test()).accuracy()).isEqualTo(trainedScore.accuracy());
        }
    }

    /** A 28x28 grayscale PNG of the pixels (0 to 1), as Fashion-MNIST's own images would be saved. */
    private static Path png(float[] pixels, Path file) throws java.io.IOException {
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < pixels.length; p++) {
            png.getRaster().setSample(p % 28, p / 28, 0, Math.round(pixels[p] * 255));
        }
        javax.imageio.ImageIO.write(png, "png", file.toFile());
        return file;
    }
}
