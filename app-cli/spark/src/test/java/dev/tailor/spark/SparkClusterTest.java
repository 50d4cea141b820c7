package dev.tailor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    static StandaloneCluster cluster;
    static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        // Two one-core workers: an executor can die while the other carries on.
        cluster = StandaloneCluster.start(dir, 2);
        masterUrl = cluster.url();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
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

        assertThat(run.exitCode()).as(run.err() + cluster.log("worker-1") + cluster.log("worker-2")).isEqualTo(3);
        assertThat(run.out()).contains("wrote 3,001 rows");
        SparkPredictTest.assertRowsMatch(SparkPredictTest.read(out), expected, images.resolve("nested/broken.png"));
        try (Stream<Path> executors = Files.walk(cluster.work())) {
            assertThat(executors.filter(p -> p.getFileName().toString().startsWith("tailor-domain")).toList())
                    .as("Tailor's jars reached the executor from the driver").isNotEmpty();
        }
    }

    @Test
    void aSweepOnTheClusterTrainsTheSameRunsAsInProcess() throws Exception {
        SparkPredictTest.Run here = SparkPredictTest.cli(SparkExperimentsTest.sweep(dir.resolve("sweep-here")));
        System.setProperty("spark.driver.host", "127.0.0.1");
        SparkPredictTest.Run onCluster;
        try {
            onCluster = SparkPredictTest.cli(SparkExperimentsTest.sweep(dir.resolve("sweep-cluster"), "--spark", masterUrl));
        } finally {
            System.clearProperty("spark.driver.host");
        }

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(onCluster.exitCode()).as(onCluster.err() + cluster.log("worker-1") + cluster.log("worker-2")).isZero();
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
                "@" + System.getProperty("tailor.jvmOptions"), "-cp", cluster.sparkJars() + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", masterUrl, "--deploy-mode", "client", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--jars", String.join(",", jars), "--class", "dev.tailor.cli.TailorCli", application,
                "predict", "--model", model.toString(), "--spark", masterUrl, "--input", images.toString(), "--output", out.toString()));
        Process submit = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("submit.log").toFile()).start();
        assertThat(submit.waitFor(300, TimeUnit.SECONDS)).as(cluster.log("submit")).isTrue();

        assertThat(submit.exitValue()).as(cluster.log("submit")).isEqualTo(3);
        assertThat(cluster.log("submit")).contains("wrote 301 rows");
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

        assertThat(run.exitCode()).as(run.err() + cluster.log("worker-1") + cluster.log("worker-2")).isEqualTo(3);
        assertThat(run.out()).as("executor %d was killed; %s%s", killed, cluster.log("worker-1"), cluster.log("worker-2"))
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
}
