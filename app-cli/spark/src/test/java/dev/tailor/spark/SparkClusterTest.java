package dev.tailor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and a worker, each a JVM of its own started from Spark's
 * classes, with a Spark home whose jars/ holds Spark and the libraries, but not Tailor's modules: the CLI ships those to
 * the executors itself. {@code tailor predict --spark spark://...} over 3,000 PNGs must give the rows the in-process
 * predictions give, and {@code tailor sweep --spark spark://...} the runs an in-process sweep trains. The processes are
 * always stopped, and every wait is bounded.
 */
@Tag("spark")
class SparkClusterTest {
    @TempDir
    static Path dir;
    static Process master;
    static Process worker;
    static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        Path sparkHome = sparkHome(dir.resolve("spark-home"));
        int port = freePort();
        int masterUi = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        master = start(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(masterUi));
        worker = start(sparkHome, "worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2",
                "--memory", "3g", "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work").toString(), masterUrl);
        awaitWorker(masterUi);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : new Process[] {worker, master}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void batchPredictionOnAStandaloneClusterGivesTheInProcessRows() throws Exception {
        Path model = SparkPredictTest.saveModel(dir.resolve("model"));
        Path images = SparkPredictTest.exportImages(dir.resolve("images"), "train", 3_000);
        var expected = SparkPredictTest.predictInProcess(model, images);
        Path out = dir.resolve("cluster.parquet");

        // The driver is this JVM: executors reach it on loopback.
        System.setProperty("spark.driver.host", "127.0.0.1");
        SparkPredictTest.Run run;
        try {
            run = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", masterUrl, "--input", images.toString(),
                    "--output", out.toString());
        } finally {
            System.clearProperty("spark.driver.host");
        }

        assertThat(run.exitCode()).as(run.err() + log("worker")).isEqualTo(3);
        assertThat(run.out()).contains("wrote 3,001 rows");
        SparkPredictTest.assertRowsMatch(SparkPredictTest.read(out), expected, images.resolve("nested/broken.png"));
        try (Stream<Path> executors = Files.walk(dir.resolve("work"))) {
            assertThat(executors.filter(p -> p.getFileName().toString().startsWith("tailor-domain")).toList())
                    .as("Tailor's jars reached the executor from the driver").isNotEmpty();
        }
    }

    @Test
    void aSweepOnTheClusterTrainsTheSameRunsAsInProcess() throws Exception {
        SparkPredictTest.Run here = SparkPredictTest.cli(SparkExperimentsTest.sweep(dir.resolve("sweep-here")));
        System.setProperty("spark.driver.host", "127.0.0.1");
        SparkPredictTest.Run cluster;
        try {
            cluster = SparkPredictTest.cli(SparkExperimentsTest.sweep(dir.resolve("sweep-cluster"), "--spark", masterUrl));
        } finally {
            System.clearProperty("spark.driver.host");
        }

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(cluster.exitCode()).as(cluster.err() + log("worker")).isZero();
        SparkExperimentsTest.assertSameRuns(dir.resolve("sweep-here"), dir.resolve("sweep-cluster"), 2);
    }

    /** jars/: every jar on this class path but Tailor's modules (this module's classes are a directory, not a jar). */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("tailor") && Files.isRegularFile(path)) {
                Files.createSymbolicLink(jars.resolve(name), path.toAbsolutePath());
            }
        }
        return home;
    }

    private static Process start(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        // Signals at their defaults, whatever the build was started under: the cluster is stopped with SIGTERM.
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + System.getProperty("tailor.jvmOptions"), "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static void awaitWorker(int masterUi) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (json.replace(" ", "").contains("\"aliveworkers\":1")) {
                    return;
                }
            } catch (IOException notYet) {
                // The master's UI is not up yet.
            }
            assertThat(master.isAlive()).as(log("master")).isTrue();
            assertThat(worker.isAlive()).as(log("worker")).isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("no worker registered in 120 s\n" + log("master") + log("worker"));
    }

    private static String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no " + name + " log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
