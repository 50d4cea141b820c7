package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.Tailor;
import dev.tailor.application.TailorConfig;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepAndEnsembleTest {
    private static final String DATA = TestData.subsetDirectory().toString();
    private static final String GRID = "{\"training.optimizer.learningRate\": [0.001, 0.003], \"training.batchSize\": [32, 64]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Cli.Result sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--grid", GRID, "--seeds", "2", "--backend",
                Backends.installed().preferred().name(), "--data", DATA, "--train-limit", "400", "--test-limit", "200", "--epochs",
                "1", "--quiet", "--output", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aTwoByTwoGridWithTwoSeedsWritesEightRunsRankedByValidationAndTheBestConfig() throws IOException {
        Path out = dir.resolve("sweep");

        Cli.Result result = sweep(out);

        assertThat(result.exitCode()).as(result.err()).isZero();
        try (Stream<Path> runs = Files.find(out, 3, (p, a) -> p.getFileName().toString().startsWith("seed-"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(8).allSatisfy(run -> assertThat(run.resolve("model/manifest.json")).isRegularFile());
        }
        assertThat(result.out()).contains("== run 8 of 8", "added because the config held out none", "| rank | trial | learningRate | batchSize |");
        JsonNode sweep = JSON.readTree(out.resolve("sweep.json").toFile());
        JsonNode trials = sweep.get("trials");
        assertThat(trials).hasSize(4);
        for (int i = 0; i < trials.size(); i++) {
            JsonNode trial = trials.get(i);
            double sum = 0;
            for (JsonNode run : trial.get("runs")) {
                JsonNode history = JSON.readTree(out.resolve(run.get("directory").asText()).resolve("history.json").toFile());
                double validation = history.get("epochs").get(0).get("validationAccuracy").asDouble();
                assertThat(run.get("validationAccuracy").asDouble()).isEqualTo(validation);
                sum += validation;
            }
            assertThat(trial.get("validationAccuracyMean").asDouble()).isCloseTo(sum / 2, within(1e-12));
            if (i > 0) {
                assertThat(trial.get("validationAccuracyMean").asDouble())
                        .isLessThanOrEqualTo(trials.get(i - 1).get("validationAccuracyMean").asDouble());
            }
        }
        TailorConfig best = ConfigFiles.read(out.resolve("best-config.json"));
        JsonNode winner = trials.get(0).get("settings");
        assertThat(best.training().optimizer().learningRate()).isEqualTo(winner.get("training.optimizer.learningRate").asDouble());
        assertThat(best.training().batchSize()).isEqualTo(winner.get("training.batchSize").asInt());
        assertThat(best.training().validation().share()).isEqualTo(0.1);
        assertThat(out.resolve("sweep.png")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("<table>", "<img");
    }

    @Test
    void anInterruptedSweepResumesWithOnlyWhatIsMissing() throws IOException {
        Path out = dir.resolve("sweep");
        assertThat(sweep(out).exitCode()).isZero();
        Path missing;
        try (Stream<Path> runs = Files.find(out, 3, (p, a) -> p.getFileName().toString().equals("seed-43"))) {
            missing = runs.findFirst().orElseThrow();
        }
        try (Stream<Path> files = Files.walk(missing)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(out.resolve("sweep.json"));

        Cli.Result resumed = sweep(out, "--resume");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out().split("already done", -1)).hasSize(8);
        assertThat(missing.resolve("metrics.json")).isRegularFile();
        assertThat(out.resolve("sweep.json")).isRegularFile();
    }

    @Test
    void aBadGridIsRejectedBeforeAnythingTrains() {
        Path out = dir.resolve("sweep");

        Cli.Result unknown = Cli.run("sweep", "--grid", "{\"training.optimiser.learningRate\": [0.1]}", "--data", DATA,
                "--output", out.toString());
        Cli.Result notArrays = Cli.run("sweep", "--grid", "{\"training.batchSize\": 32}", "--output", out.toString());
        Cli.Result badValue = Cli.run("sweep", "--grid", "{\"training.batchSize\": [32, 0]}", "--data", DATA,
                "--output", out.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(unknown.err().strip()).startsWith("tailor: error: --grid training.optimiser.learningRate=0.1: "
                + "$.training.optimiser: unknown field 'optimiser'; expected one of: ");
        assertThat(notArrays.err().strip()).isEqualTo("tailor: error: --grid: training.batchSize must list at least one value; "
                + "expected an object of config paths to arrays of values, e.g. {\"training.optimizer.learningRate\": [0.001, 0.003], "
                + "\"training.batchSize\": [32, 64]}");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err().strip())
                .isEqualTo("tailor: error: --grid training.batchSize=0: $.training: batchSize must be at least 1, got 0");
        assertThat(out).doesNotExist();
    }

    /** An ensemble of models trained on different engines: any backend serves it, predicting the mean of its members. */
    @Test
    void anEnsembleOfModelsFromEveryEngineIsTheMeanOfItsMembersOnEveryBackend() throws IOException {
        List<String> backends = Backends.installed().names();
        List<Path> members = new ArrayList<>();
        for (String backend : Backends.installed().trainerNames()) {
            Path run = dir.resolve("run-" + backend);
            Cli.Result trained = Cli.run("train", "--backend", backend, "--data", DATA, "--train-limit", "600", "--test-limit",
                    "200", "--epochs", "1", "--quiet", "--output", run.toString());
            assertThat(trained.exitCode()).as(trained.err()).isZero();
            members.add(run.resolve("model"));
        }
        Path ensemble = dir.resolve("ensemble");
        List<String> args = new ArrayList<>(List.of("ensemble", "--output", ensemble.toString(), "--models"));
        members.forEach(m -> args.add(m.toString()));
        Cli.Result made = Cli.run(args.toArray(String[]::new));
        assertThat(made.exitCode()).as(made.err()).isZero();

        Dataset test = TestData.test().take(200);
        List<List<Prediction>> byBackend = new ArrayList<>();
        for (String backend : backends) {
            List<List<Prediction>> memberPredictions = new ArrayList<>();
            for (Path member : members) {
                try (Classifier alone = Tailor.open(member, backend)) {
                    memberPredictions.add(alone.predictAll(test));
                }
            }
            try (Classifier together = Tailor.open(ensemble, backend)) {
                List<Prediction> predictions = together.predictAll(test);
                for (int i = 0; i < test.size(); i++) {
                    float[] p = predictions.get(i).probabilities();
                    for (int c = 0; c < p.length; c++) {
                        double mean = 0;
                        for (List<Prediction> m : memberPredictions) {
                            mean += m.get(i).probabilities()[c];
                        }
                        assertThat((double) p[c]).as("image %d class %d on %s", i, c, backend)
                                .isCloseTo(mean / members.size(), within(1e-6));
                    }
                }
                byBackend.add(predictions);
            }
        }
        for (int b = 1; b < byBackend.size(); b++) {
            for (int i = 0; i < test.size(); i++) {
                assertThat(byBackend.get(b).get(i).classIndex()).isEqualTo(byBackend.get(0).get(i).classIndex());
                assertThat(byBackend.get(b).get(i).maxDifference(byBackend.get(0).get(i))).isLessThan(1e-5);
            }
        }

        Cli.Result evaluated = Cli.run("evaluate", "--model", ensemble.toString(), "--data", DATA, "--test-limit", "200",
                "--output", dir.resolve("eval").toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("members/1 (trained on " + backends.get(0) + "): test accuracy",
                "the ensemble of " + members.size() + ": test accuracy");
        JsonNode scores = JSON.readTree(dir.resolve("eval/members.json").toFile());
        for (int m = 0; m < members.size(); m++) {
            double alone = JSON.readTree(members.get(m).resolveSibling("metrics.json").toFile()).get("accuracy").asDouble();
            assertThat(scores.get(m).get("accuracy").asDouble()).as("member %d scored alone", m + 1).isEqualTo(alone);
        }
        Cli.Result export = Cli.run("export", "--model", ensemble.toString(), "--output", dir.resolve("x.safetensors").toString());
        assertThat(export.exitCode()).isEqualTo(2);
        assertThat(export.err().strip()).isEqualTo("tailor: error: " + ensemble + ": an ensemble, and safetensors holds one "
                + "network's weights; export it with --format onnx, or export one of its members (e.g. "
                + ensemble.resolve("members").resolve("1") + ")");
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
        Path onnx = dir.resolve("ensemble.onnx");
        Cli.Result exported = Cli.run("export", "--model", ensemble.toString(), "--format", "onnx", "--output", onnx.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).startsWith("wrote " + onnx + " (onnx): an ensemble of " + members.size() + " networks, ");
        assertThat(onnx).isNotEmptyFile();
    }
}
