package dev.tailor.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.application.TailorConfig;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.testing.TestSpecs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What users run, run the way they run it, never on Maven's class path: the checkout's {@code ./tailor} and the
 * unpacked zip's {@code bin/tailor} (outside the checkout, with only JAVA_HOME and the system's basic tools). For every
 * installed backend each trains a tiny run, evaluates it, predicts PNGs, serves one request and stops on SIGTERM, and
 * predicts on embedded Spark; through the zip it then compares all backends, studies seeds, and makes an ensemble of
 * one model per backend, scores it on each and exports it. A failure names the launcher, the backend and the command. Children start with every signal at its default,
 * as from a terminal, whatever the build was started under ({@code nohup}, a script's {@code &}). Runs in
 * {@code verify}, after package.
 */
class ShippedCommandsIT {
    private static final Path ROOT = Path.of(System.getProperty("tailor.root")).toAbsolutePath().normalize();
    private static final Path ZIP = Path.of(System.getProperty("tailor.distribution"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BACKENDS = Backends.installed().names();
    private static final List<String> TRAINERS = Backends.installed().trainerNames();
    /** Backends that only serve (ONNX Runtime): each serves what the first trainer trained. */
    private static final List<String> SERVERS = BACKENDS.stream().filter(b -> !TRAINERS.contains(b)).toList();
    /**
     * Spark runs on the first trainer and on each backend that only serves: its class path differs (Spark's libraries
     * first, protobuf 4 among them, which ONNX Runtime's ONNX classes then run on). Each run costs ~12 s to start.
     */
    private static final List<String> SPARK_BACKENDS = Stream.concat(Stream.of(TRAINERS.get(0)), SERVERS.stream()).toList();

    @TempDir
    static Path dir;
    static Path zipHome;

    /** A launcher as users have it: where it is, and the environment it runs in. */
    enum Launcher {
        CHECKOUT {
            @Override
            Path script() {
                return ROOT.resolve("tailor");
            }

            /** A developer's shell: their HOME and its engine caches; java on the PATH, which ./tailor runs. */
            @Override
            void environment(Map<String, String> env, Path work) {
                env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
                env.put("HOME", System.getProperty("user.home"));
            }
        },
        ZIP {
            @Override
            Path script() {
                return zipHome.resolve("bin/tailor");
            }

            /** A machine with only a Java runtime: an empty HOME, so the engines unpack their natives as on first use. */
            @Override
            void environment(Map<String, String> env, Path work) {
                env.put("PATH", "/usr/bin:/bin");
                env.put("JAVA_HOME", System.getProperty("java.home"));
                env.put("HOME", dir.resolve("zip-home").toString());
            }
        };

        abstract Path script();

        abstract void environment(Map<String, String> env, Path work);
    }

    @BeforeAll
    static void unpackTheZip() throws IOException {
        zipHome = unzip(ZIP, dir.resolve("opt"));
        assertThat(zipHome.resolve("lib/tailor.jar")).exists();
        assertThat(zipHome.resolve("configs/seed-cnn.json")).exists();
        assertThat(zipHome.resolve("LICENSE")).exists();
        Files.createDirectories(dir.resolve("zip-home"));
        assertThat(BACKENDS).as("backends on the build's class path").isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(Launcher.class)
    void everyCommandWorksOnEveryBackend(Launcher launcher) throws Exception {
        Path work = Files.createDirectories(dir.resolve(launcher.name().toLowerCase()));
        Runner tailor = new Runner(launcher, work);
        String data = TestData.subsetDirectory().toString();

        assertThat(tailor.run("any", "--version")).contains("backends: " + String.join(", ", BACKENDS));
        tailor.run("any", "dataset", "--dir", data, "--export-images", "pngs", "--limit", "3");
        List<String> models = new ArrayList<>();
        for (String backend : TRAINERS) {
            String model = "runs/" + backend + "/model";
            tailor.run(backend, "train", "--backend", backend, "--data", data, "--train-limit", "256", "--test-limit", "64",
                    "--epochs", "1", "--output", "runs/" + backend, "--quiet");
            assertThat(work.resolve(model).resolve("manifest.json")).exists();
            models.add(model);
        }
        // bf16 arithmetic trains where the engine offers it, and is refused in one line, leaving nothing, where not.
        for (String backend : TRAINERS) {
            String[] bf16 = {"train", "--backend", backend, "--precision", "bf16", "--data", data, "--train-limit", "256",
                    "--test-limit", "64", "--epochs", "1", "--output", "bf16/" + backend, "--quiet"};
            if (Backends.installed().trainer(backend).precisions().contains(Precision.BF16)) {
                assertThat(tailor.run(backend, bf16)).contains("bf16 arithmetic").contains("test accuracy");
                assertThat(Files.readString(work.resolve("bf16/" + backend + "/config.json"))).contains("\"precision\" : \"bf16\"");
            } else {
                assertThat(tailor.refused(backend, bf16)).isEqualTo("tailor: error: training.precision 'bf16' is not offered by "
                        + "the " + backend + " backend (it trains in float32); choose another backend or precision\n");
                assertThat(work.resolve("bf16/" + backend)).doesNotExist();
            }
        }
        for (String backend : BACKENDS) {
            String model = TRAINERS.contains(backend) ? "runs/" + backend + "/model" : models.get(0);
            assertThat(tailor.run(backend, "evaluate", "--model", model, "--backend", backend, "--data", data, "--test-limit", "64",
                    "--output", "evaluated/" + backend)).contains("test accuracy");
            assertThat(tailor.run(backend, "predict", "--model", model, "--backend", backend, "pngs").lines())
                    .as("%s %s predict", launcher, backend).hasSize(3).allMatch(line -> line.matches("pngs/0000[0-2]\\.png: .+%.*"));
            tailor.serveOneRequest(backend, model, work.resolve("pngs/00000.png"));
        }
        assertThat(tailor.run("onnx", "export", "--model", models.get(0), "--format", "onnx", "--output", "seed-cnn.onnx"))
                .startsWith("wrote seed-cnn.onnx (onnx)");
        assertThat(work.resolve("seed-cnn.onnx")).isNotEmptyFile();
        // ONNX Runtime by itself leaves an empty directory of unpacked natives behind at every start.
        try (Stream<Path> left = Files.list(tailor.temporary())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("left in java.io.tmpdir").noneMatch(n -> n.startsWith("onnxruntime"));
        }

        // What runs the same once the backends have loaded (comparisons, seeds studies, ensembles) runs through the zip,
        // what users download; the class-path-sensitive steps above and Spark's below run through both launchers.
        if (launcher == Launcher.ZIP) {
            // The comparison trains a network of every layer type on every backend.
            Files.writeString(work.resolve("every-layer.json"), ConfigFiles.toJson(TailorConfig.DEFAULT.withModel(TestSpecs.EVERY_LAYER)));
            assertThat(tailor.run(String.join(",", TRAINERS), "compare", "--config", "every-layer.json", "--backends",
                    String.join(",", TRAINERS), "--data", data, "--train-limit", "256", "--test-limit", "64", "--epochs", "1",
                    "--output", "compared", "--quiet")).contains("every-layer").contains("wrote compared");
            // One backend over two seeds is a seeds study: its spread over the seeds, no pairs.
            for (String backend : TRAINERS) {
                assertThat(tailor.run(backend, "compare", "--backends", backend, "--seeds", "2", "--data", data, "--train-limit", "128",
                        "--test-limit", "32", "--epochs", "1", "--output", "seeds-" + backend, "--quiet"))
                        .contains("## Test accuracy per seed").doesNotContain("Paired tests").contains("wrote seeds-" + backend);
            }
            List<String> ensemble = new ArrayList<>(List.of("ensemble", "--models"));
            ensemble.addAll(models);
            ensemble.addAll(List.of("--output", "ensemble"));
            tailor.run(String.join(",", TRAINERS), ensemble.toArray(String[]::new));
            for (String backend : BACKENDS) {
                assertThat(tailor.run(backend, "evaluate", "--model", "ensemble", "--backend", backend, "--data", data, "--test-limit", "64",
                        "--output", "ensemble-evaluated/" + backend)).contains("test accuracy");
            }
            assertThat(tailor.run("onnx", "export", "--model", "ensemble", "--format", "onnx", "--output", "ensemble.onnx"))
                    .startsWith("wrote ensemble.onnx (onnx): an ensemble of " + models.size() + " networks");
            assertThat(work.resolve("ensemble.onnx")).isNotEmptyFile();
        }
        // Spark's libraries join the class path only for --spark.
        for (String backend : SPARK_BACKENDS) {
            assertThat(tailor.run(backend, "predict", "--model", models.get(0), "--backend", backend, "--spark", "--input", "pngs",
                    "--output", backend + ".parquet")).isEqualTo("wrote 3 rows to " + backend + ".parquet (0 could not be classified)\n");
        }
    }

    /**
     * Your own images through the launcher, on every backend: a colour image folder trained on (its folder names the
     * classes), a JPEG of another size predicted, the model evaluated on a test folder and served, a second model
     * transferred from the first with all but its head frozen, and Spark scoring the test folder's files.
     */
    @ParameterizedTest
    @EnumSource(Launcher.class)
    void ownImagesWorkOnEveryBackend(Launcher launcher) throws Exception {
        Path work = Files.createDirectories(dir.resolve("own-" + launcher.name().toLowerCase()));
        Runner tailor = new Runner(launcher, work);
        Random noise = new Random(5);
        Map<String, Integer> colours = Map.of("red", 0xFF0000, "green", 0x00820A, "blue", 0x3030FF);
        for (Map.Entry<String, Integer> colour : colours.entrySet()) {
            for (int i = 0; i < 12; i++) {
                square(work.resolve("photos/train").resolve(colour.getKey()).resolve(i + ".png"), 18 + i, 16, colour.getValue(), noise, "png");
            }
            square(work.resolve("photos/test").resolve(colour.getKey()).resolve("0.jpg"), 40, 30, colour.getValue(), noise, "jpg");
        }
        Files.writeString(work.resolve("photos.json"), """
                {"data": {"train": "photos/train", "test": "photos/test"},
                 "model": {"name": "photos", "input": [3, 16, 16], "layers": [
                   {"type": "normalize", "mean": [0.2, 0.2, 0.2], "std": [0.3, 0.3, 0.3]},
                   {"type": "conv2d", "filters": 8, "kernel": 3, "activation": "relu"},
                   {"type": "maxPool2d", "size": 2},
                   {"type": "flatten"},
                   {"type": "softmax", "classes": 3}]},
                 "training": {"epochs": 3, "batchSize": 8}}
                """);
        for (String backend : TRAINERS) {
            tailor.run(backend, "train", "--config", "photos.json", "--backend", backend, "--output", "photos-" + backend, "--quiet");
        }
        for (String backend : BACKENDS) {
            String model = "photos-" + (TRAINERS.contains(backend) ? backend : TRAINERS.get(0)) + "/model";
            assertThat(tailor.run(backend, "predict", "--model", model, "--backend", backend, "photos/test/green/0.jpg"))
                    .matches("photos/test/green/0\\.jpg: (blue|green|red) [0-9.]+%.*\\n");
            assertThat(tailor.run(backend, "evaluate", "--model", model, "--backend", backend, "--test", "photos/test", "--output",
                    "photos-evaluated-" + backend)).contains("test accuracy", "green");
            assertThat(tailor.serveOneRequest(backend, model, work.resolve("photos/train/red/0.png"))).isIn("blue", "green", "red");
            if (!TRAINERS.contains(backend)) {
                continue;
            }
            Files.writeString(work.resolve("transfer-" + backend + ".json"), Files.readString(work.resolve("photos.json"))
                    .replace("\"batchSize\": 8}", "\"batchSize\": 8, \"transfer\": {\"from\": \"" + model + "\", \"freeze\": \"all-but-head\"}}"));
            assertThat(tailor.run(backend, "train", "--config", "transfer-" + backend + ".json", "--backend", backend, "--output",
                    "transferred-" + backend)).contains("transfer from " + model + ": 4 of 4 tensors start from it; 2 frozen (all-but-head)");
            assertThat(JSON.readTree(work.resolve("transferred-" + backend + "/model/manifest.json").toFile()).path("startedFrom")
                    .path("path").asText()).isEqualTo(model);
        }
        for (String backend : SPARK_BACKENDS) {
            assertThat(tailor.run(backend, "predict", "--model", "photos-" + TRAINERS.get(0) + "/model", "--backend", backend, "--spark",
                    "--input", "photos/test", "--output", "photos-" + backend + ".parquet"))
                    .isEqualTo("wrote 3 rows to photos-" + backend + ".parquet (0 could not be classified)\n");
        }
    }

    /**
     * The zip's Spark jobs with everything in HDFS (a NameNode and a DataNode in this JVM, on loopback): a model, PNGs
     * and the IDX files read from it; predictions and a sweep's experiment written to it.
     */
    @Test
    void theZipsSparkJobsReadAndWriteHdfs() throws Exception {
        Path work = Files.createDirectories(dir.resolve("hdfs-zip"));
        Runner tailor = new Runner(Launcher.ZIP, work);
        String data = TestData.subsetDirectory().toString();
        tailor.run(TRAINERS.get(0), "train", "--data", data, "--train-limit", "256", "--test-limit", "64", "--epochs", "1", "--output",
                "run", "--quiet");
        tailor.run("any", "dataset", "--dir", data, "--export-images", "pngs", "--limit", "5");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            String root = hdfs.getURI().toString();
            FileSystem fs = hdfs.getFileSystem();
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(work.resolve("run/model").toUri()), new org.apache.hadoop.fs.Path(root + "/model"));
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(work.resolve("pngs").toUri()), new org.apache.hadoop.fs.Path(root + "/pngs"));
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Path.of(data).toUri()), new org.apache.hadoop.fs.Path(root + "/fashion-mnist"));

            assertThat(tailor.run("spark", "predict", "--model", root + "/model", "--spark", "local[1]", "--input", root + "/pngs",
                    "--output", root + "/predictions.parquet")).isEqualTo("wrote 5 rows to " + root + "/predictions.parquet (0 could not be classified)\n");
            assertThat(tailor.run("spark", "sweep", "--spark", "local[1]", "--data", root + "/fashion-mnist", "--train-limit", "128",
                    "--test-limit", "64", "--epochs", "1", "--quiet", "--grid", "{\"training.batchSize\": [32, 64]}", "--output",
                    root + "/sweep")).endsWith("wrote " + root + "/sweep\n");
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/predictions.parquet/_SUCCESS"))).isTrue();
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/sweep/best-config.json"))).isTrue();
            assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/sweep/sweep.md"))).isTrue();
        } finally {
            hdfs.shutdown();
        }
    }

    private static void square(Path file, int width, int height, int rgb, Random noise, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x >= width / 4 && x < 3 * width / 4 && y >= height / 4 && y < 3 * height / 4;
                int shade = noise.nextInt(40);
                image.setRGB(x, y, inside ? rgb : shade << 16 | shade << 8 | shade);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
    }

    /** Runs one launcher's commands in its work directory and environment. */
    private record Runner(Launcher launcher, Path work) {
        /** Runs a command to its end; it must exit 0 with nothing on stderr (a library's log line included). */
        String run(String backend, String... args) throws IOException, InterruptedException {
            Process process = start(args);
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what(backend, args) + " took over 300 s");
            }
            String err = Files.readString(errors(args));
            assertThat(process.exitValue()).as("%s exited %d%n%s%s", what(backend, args), process.exitValue(), out, err).isZero();
            assertThat(err).as("%s wrote to stderr", what(backend, args)).isEmpty();
            return out;
        }

        /** Runs a command that must be refused: exit 2, and stderr (returned) one line. */
        String refused(String backend, String... args) throws IOException, InterruptedException {
            Process process = start(args);
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what(backend, args) + " took over 300 s");
            }
            String err = Files.readString(errors(args));
            assertThat(process.exitValue()).as("%s exited %d%n%s", what(backend, args), process.exitValue(), err).isEqualTo(2);
            return err;
        }

        /** {@code serve}: up within 120 s, one PNG classified over HTTP, then SIGTERM and exit 0; returns the class answered. */
        String serveOneRequest(String backend, String model, Path png) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String[] args = {"serve", "--model", model, "--backend", backend, "--port", String.valueOf(port)};
            Process server = start(args);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                URI base = URI.create("http://127.0.0.1:" + port);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!healthy(http, base)) {
                    assertThat(server.isAlive()).as("%s stopped before answering: %s", what(backend, args), Files.readString(errors(args))).isTrue();
                    assertThat(System.nanoTime()).as("%s did not answer /health in 120 s", what(backend, args)).isLessThan(deadline);
                    Thread.sleep(200);
                }
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/v1/predict")).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofFile(png)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("%s POST /v1/predict: %s", what(backend, args), answer.body()).isEqualTo(200);
                JsonNode prediction = JSON.readTree(answer.body()).path("predictions").path(0);
                String answered = prediction.path("className").asText();
                assertThat(answered).as("%s answered %s", what(backend, args), answer.body()).isNotEmpty();
                // The same image through the Open Inference Protocol, as a BYTES tensor: the same probabilities.
                String name = JSON.readTree(work.resolve(model).resolve("manifest.json").toFile()).path("model").path("name").asText();
                String request = "{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\""
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\"]}]}";
                HttpResponse<String> v2 = http.send(HttpRequest.newBuilder(base.resolve("/v2/models/" + name + "/infer"))
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(v2.statusCode()).as("%s POST /v2/models/%s/infer: %s", what(backend, args), name, v2.body()).isEqualTo(200);
                JsonNode probabilities = JSON.readTree(v2.body()).at("/outputs/0/data");
                double highest = 0;
                for (JsonNode p : probabilities) {
                    highest = Math.max(highest, p.asDouble());
                }
                assertThat(highest).as("%s: /v2 answered %s, /v1 %s", what(backend, args), v2.body(), answer.body())
                        .isCloseTo(prediction.path("probability").asDouble(), within(1e-6));
                server.destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("%s still running 60 s after SIGTERM", what(backend, args)).isTrue();
                assertThat(server.exitValue()).as("%s exit code after SIGTERM: %s", what(backend, args), Files.readString(errors(args))).isZero();
                return answered;
            } finally {
                server.destroyForcibly();
            }
        }

        private Process start(String... args) throws IOException {
            // Every signal at its default, as from a terminal: a child of nohup or of a script's & inherits ignored ones.
            List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal", launcher.script().toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectError(errors(args).toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            launcher.environment(env, work);
            env.put("TAILOR_JAVA_OPTS", "-Djava.io.tmpdir=" + Files.createDirectories(temporary()));
            return builder.start();
        }

        /** The JVM's temporary directory for this launcher's commands, to see what they leave there. */
        Path temporary() {
            return work.resolve("tmp");
        }

        private Path errors(String... args) {
            return work.resolve(args[0] + ".err");
        }

        private String what(String backend, String... args) {
            return launcher + " (" + launcher.script() + "), backend " + backend + ": tailor " + String.join(" ", args);
        }

        private static boolean healthy(HttpClient http, URI base) throws InterruptedException {
            try {
                return http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        }
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
}
