package dev.tailor.spark;

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

/**
 * A Spark standalone cluster on 127.0.0.1 for tests and benchmarks: a master and one-core workers, each a JVM of its own
 * started from Spark's classes, with a Spark home whose jars/ holds Spark and the libraries but not Tailor's modules
 * (the CLI ships those to the executors itself). Closing it stops every process; every wait is bounded.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path dir;
    private final Process master;
    private final List<Process> workers;
    private final String url;

    private StandaloneCluster(Path dir, Process master, List<Process> workers, String url) {
        this.dir = dir;
        this.master = master;
        this.workers = workers;
        this.url = url;
    }

    /** Starts a master and {@code workerCount} one-core workers (2 GB each), their logs and work under {@code dir}. */
    static StandaloneCluster start(Path dir, int workerCount) throws IOException, InterruptedException {
        Path sparkHome = sparkHome(dir.resolve("spark-home"));
        int port = freePort();
        int masterUi = freePort();
        String url = "spark://127.0.0.1:" + port;
        Process master = start(dir, sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(masterUi));
        List<Process> workers = new ArrayList<>();
        StandaloneCluster cluster = new StandaloneCluster(dir, master, workers, url);
        try {
            for (int w = 1; w <= workerCount; w++) {
                workers.add(start(dir, sparkHome, "worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                        "1", "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work").toString(), url));
            }
            cluster.awaitWorkers(masterUi);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    /** Where the workers keep their executors' directories. */
    Path work() {
        return dir.resolve("work");
    }

    Path sparkJars() {
        return dir.resolve("spark-home/jars");
    }

    @Override
    public void close() throws InterruptedException {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
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

    private static Process start(Path dir, Path sparkHome, String name, String mainClass, String... args) throws IOException {
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

    private void awaitWorkers(int masterUi) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (json.replace(" ", "").contains("\"aliveworkers\":" + workers.size())) {
                    return;
                }
            } catch (IOException notYet) {
                // The master's UI is not up yet.
            }
            if (!master.isAlive()) {
                throw new IllegalStateException("the master stopped:\n" + log("master"));
            }
            for (int w = 0; w < workers.size(); w++) {
                if (!workers.get(w).isAlive()) {
                    throw new IllegalStateException("worker " + (w + 1) + " stopped:\n" + log("worker-" + (w + 1)));
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(workers.size() + " workers did not register in 120 s\n" + log("master"));
    }

    /** The named process's output: "master", "worker-1"... */
    String log(String name) {
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
