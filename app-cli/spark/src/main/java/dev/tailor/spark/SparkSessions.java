package dev.tailor.spark;

import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark for a Tailor job: {@code local[*]} inside this JVM, or a cluster master in client mode. On a cluster
 * the executors get Tailor's jars from this process ({@code spark.jars}: everything on its class path that is not
 * Spark's own, unless spark-submit set it), so the workers need only Spark. Further Spark settings come as
 * {@code -Dspark.*} system properties.
 */
final class SparkSessions {
    private static final String STANDALONE = "spark://";
    private static final String JARS = "spark.jars";
    private static final int DEFAULT_PORT = 7077;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private SparkSessions() {
    }

    /** {@code scratch}: where class directories on this class path (an IDE's, a test's) are packed into jars to ship. */
    static SparkSession open(String master, String appName, Path scratch) {
        requireReachable(master);
        SparkSession.Builder builder = SparkSession.builder().master(master).appName(appName)
                // No web UI: no port to collide with, nothing left listening after a job.
                .config("spark.ui.enabled", "false")
                // Images are small: count each file as 64 KiB, not 4 MiB, when packing them into partitions, so a
                // task gets thousands of images and every core a few tasks.
                .config("spark.sql.files.openCostInBytes", "65536");
        if (isLocal(master)) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        } else if (!new SparkConf().contains(JARS)) {
            // spark-submit has set spark.jars already (its --jars and the application jar): those travel instead.
            builder.config(JARS, String.join(",", shippedJars(scratch)));
        }
        return builder.getOrCreate();
    }

    /**
     * A standalone master ({@code spark://host:port}, several for standby masters) must accept a connection within
     * {@link #CONNECT_TIMEOUT_MILLIS}: Spark itself retries an unreachable one for over a minute and then fails with
     * an internal error ("LiveListenerBus is stopped").
     */
    static void requireReachable(String master) {
        if (!master.startsWith(STANDALONE)) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String address : master.substring(STANDALONE.length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("Spark master " + master + ": '" + address.substring(colon + 1)
                        + "' is not a port number; expected spark://HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                failures.add(address + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        throw new InvalidInputException("cannot reach the Spark master " + master + " (" + String.join("; ", failures)
                + "); is a master running there?");
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    /**
     * This process's class path, manifest Class-Path entries included, less Spark's and Scala's own jars; a directory of
     * classes is packed into a jar in {@code scratch}.
     */
    static Set<String> shippedJars(Path scratch) {
        Set<String> jars = new LinkedHashSet<>();
        int directories = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                jars.add(packed(path, scratch.resolve("classes-" + directories++ + ".jar")).toString());
            } else {
                addWithManifestClassPath(path, jars);
            }
        }
        Path sparkLibraries = jarDirectory(SparkSession.class);
        Path tailorLibraries = jarDirectory(ConfigFiles.class);
        jars.removeIf(jar -> {
            Path path = Path.of(jar);
            String name = path.getFileName().toString();
            if (name.startsWith("tailor")) {
                // Tailor's own jars always travel, this adapter's too, though the launchers keep it beside Spark's.
                return false;
            }
            // The launchers keep Spark's libraries in a directory of their own; elsewhere (a Maven repository) the
            // names tell Spark's own jars, and shipping a library the workers already have is only slower.
            boolean besideSpark = sparkLibraries != null && !sparkLibraries.equals(tailorLibraries) && sparkLibraries.equals(path.getParent());
            return besideSpark || name.startsWith("spark-") || name.startsWith("scala-");
        });
        return jars;
    }

    /** The directory of the jar a class was loaded from; null for a class directory. */
    private static Path jarDirectory(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(location) ? location.getParent() : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static Path packed(Path classes, Path jar) {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            ModelArchive.pack(classes, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + classes + " for the executors: " + e.getMessage(), e);
        }
        return jar;
    }

    private static void addWithManifestClassPath(Path entry, Set<String> jars) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry) || !jars.add(entry.toAbsolutePath().toString())) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String relative : classPath.trim().split("\\s+")) {
                    addWithManifestClassPath(entry.toAbsolutePath().getParent().resolve(relative), jars);
                }
            }
        } catch (IOException e) {
            // Not a readable jar: Spark would fail on it too; leave it to report.
        }
    }
}
