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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

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
    static final List<Process> workers = new ArrayList<>();
    static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        Path sparkHome = sparkHome(dir.resolve("spark-home"));
        int port = freePort();
        int masterUi = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        master = start(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(masterUi));
        // Two one-core workers: an executor can die while the other carries on.
        for (int w = 1; w <= 2; w++) {
            workers.add(start(sparkHome, "worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work").toString(), masterUrl));
        }
        awaitWorkers(masterUi);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
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

        assertThat(run.exitCode()).as(run.err() + log("worker-1") + log("worker-2")).isEqualTo(3);
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
        assertThat(cluster.exitCode()).as(cluster.err() + log("worker-1") + log("worker-2")).isZero();
        SparkExperimentsTest.assertSameRuns(dir.resolve("sweep-here"), dir.resolve("sweep-cluster"), 2);
    }

    /**
     * The recipe of docs/spark.md: spark-submit (Spark's own SparkSubmit, from the Spark home's jars) with Tailor's jars
     * as --jars and the command line's as the application, in client mode against the cluster.
     */
    @Test
    void sparkSubmitRunsTheCommandLineOnTheCluster() throws Exception {
        Path model = SparkPredictTest.saveModel(dir.resolve("model-submit"));
        Path images = SparkPredictTest.exportImages(dir.resolve("images-submit"), "test", 300);
        var expected = SparkPredictTest.predictInProcess(model, images);
        Path out = dir.resolve("submitted.parquet");
        List<String> jars = new ArrayList<>(SparkSessions.shippedJars(Files.createDirectories(dir.resolve("submit-jars"))));
        String application = jars.stream().filter(SparkClusterTest::holdsTheCommandLine).findFirst().orElseThrow();
        jars.remove(application);

        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "--default-signal", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + System.getProperty("tailor.jvmOptions"), "-cp", dir.resolve("spark-home/jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", masterUrl, "--deploy-mode", "client", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--jars", String.join(",", jars), "--class", "dev.tailor.cli.TailorCli", application,
                "predict", "--model", model.toString(), "--spark", masterUrl, "--input", images.toString(), "--output", out.toString()));
        Process submit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("submit.log").toFile()).start();
        assertThat(submit.waitFor(300, TimeUnit.SECONDS)).as(log("submit")).isTrue();

        assertThat(submit.exitValue()).as(log("submit")).isEqualTo(3);
        assertThat(log("submit")).contains("wrote 301 rows");
        SparkPredictTest.assertRowsMatch(SparkPredictTest.read(out), expected, images.resolve("nested/broken.png"));
    }

    private static boolean holdsTheCommandLine(String jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
            return file.getEntry("dev/tailor/cli/TailorCli.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGKILL to one executor while it scores: Spark runs its tasks again on the other, and the output holds every image
     * exactly once with the in-process answer, the unreadable one's error row included; the summary says tasks were
     * run again.
     */
    @Test
    void anExecutorKilledMidJobLosesNoImage() throws Exception {
        Path model = SparkPredictTest.saveModel(dir.resolve("model-kill"));
        Path images = SparkPredictTest.exportImages(dir.resolve("images-kill"), "train", 3_000);
        // Four times the images, so each task scores for seconds and the kill lands inside one.
        List<Path> originals;
        try (Stream<Path> files = Files.list(images)) {
            originals = files.filter(p -> p.toString().endsWith(".png")).toList();
        }
        for (int copy = 1; copy <= 3; copy++) {
            Path into = Files.createDirectories(images.resolve("copy-" + copy));
            for (Path png : originals) {
                Files.copy(png, into.resolve(png.getFileName()));
            }
        }
        int expectedRows = 3_001 + 3 * originals.size();
        var expected = SparkPredictTest.predictInProcess(model, images);
        Path out = dir.resolve("killed.parquet");
        System.setProperty("spark.driver.host", "127.0.0.1");
        CompletableFuture<SparkPredictTest.Run> job;
        long killed;
        try {
            job = CompletableFuture.supplyAsync(() -> SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", masterUrl,
                    "--input", images.toString(), "--output", out.toString()));
            killed = killAnExecutorInItsFirstTask(job);
        } finally {
            System.clearProperty("spark.driver.host");
        }
        SparkPredictTest.Run run = job.get(300, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.err() + log("worker-1") + log("worker-2")).isEqualTo(3);
        assertThat(run.out()).as("executor %d was killed; %s%s", killed, log("worker-1"), log("worker-2"))
                .contains(String.format("wrote %,d rows", expectedRows), "(1 could not be classified)")
                .containsPattern("[1-9][0-9]* task attempts? failed and (was|were) run again; each image is in the output once");
        List<Row> rows = SparkPredictTest.read(out);
        assertThat(rows.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(expectedRows);
        SparkPredictTest.assertRowsMatch(rows, expected, images.resolve("nested/broken.png"));
    }

    /** A sweep whose executor is killed while it trains a run: the run is trained again elsewhere, to the same bytes. */
    @Test
    void aSweepSurvivesAKilledExecutorWithTheSameRuns() throws Exception {
        List<String> sweep = List.of("sweep", "--data", SparkExperimentsTest.DATA, "--train-limit", "3000", "--test-limit", "128",
                "--epochs", "2", "--quiet", "--grid", "{\"training.batchSize\": [32, 64]}", "--output");
        SparkPredictTest.Run here = SparkPredictTest.cli(with(sweep, dir.resolve("sweep-whole").toString()));
        assertThat(here.exitCode()).as(here.err()).isZero();
        System.setProperty("spark.driver.host", "127.0.0.1");
        CompletableFuture<SparkPredictTest.Run> job;
        long killed;
        try {
            job = CompletableFuture.supplyAsync(() -> SparkPredictTest.cli(with(sweep, dir.resolve("sweep-killed").toString(), "--spark",
                    masterUrl)));
            killed = killAnExecutorInItsFirstTask(job);
        } finally {
            System.clearProperty("spark.driver.host");
        }
        SparkPredictTest.Run cluster = job.get(300, TimeUnit.SECONDS);

        assertThat(cluster.exitCode()).as("executor %d killed: %s", killed, cluster.err()).isZero();
        SparkExperimentsTest.assertSameRuns(dir.resolve("sweep-whole"), dir.resolve("sweep-killed"), 2);
    }

    private static String[] with(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /**
     * Watches the job's tasks from the driver (this JVM), and a second after a task starts kills the executor JVM it
     * runs on (SIGKILL); that executor's pid.
     */
    private static long killAnExecutorInItsFirstTask(CompletableFuture<?> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        SparkContext context = null;
        while (context == null && System.nanoTime() < deadline && !job.isDone()) {
            Option<SparkContext> active = SparkContext$.MODULE$.getActive();
            context = active.isDefined() ? active.get() : null;
            Thread.sleep(20);
        }
        assertThat(context).as("the job's SparkContext").isNotNull();
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        context.addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart taskStart) {
                started.offer(taskStart.taskInfo().executorId());
            }
        });
        String executorId = started.poll(120, TimeUnit.SECONDS);
        assertThat(executorId).as("a task started").isNotNull();
        Thread.sleep(1_000);
        ProcessHandle executor = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .matches(".*CoarseGrainedExecutorBackend.* --executor-id " + executorId + " .*")).findFirst().orElseThrow();
        new ProcessBuilder("kill", "-9", String.valueOf(executor.pid())).start().waitFor();
        return executor.pid();
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

    private static void awaitWorkers(int masterUi) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (json.replace(" ", "").contains("\"aliveworkers\":2")) {
                    return;
                }
            } catch (IOException notYet) {
                // The master's UI is not up yet.
            }
            assertThat(master.isAlive()).as(log("master")).isTrue();
            for (int w = 0; w < workers.size(); w++) {
                assertThat(workers.get(w).isAlive()).as(log("worker-" + (w + 1))).isTrue();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("two workers did not register in 120 s\n" + log("master") + log("worker-1") + log("worker-2"));
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
