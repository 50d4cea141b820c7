package dev.tailor.spark;

import dev.tailor.cli.TailorCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Benchmark, not a test: batch prediction of a directory of PNGs kept in HDFS (a MiniDFSCluster on loopback), on
 * {@code local[2]} and on a standalone cluster of one and of two one-core workers, each job once over 3 images (the
 * per-job overhead) and once over all of them. Prints a Markdown table for docs/spark.md.
 *
 * <p>Arguments: a model directory, a directory of PNGs ({@code tailor dataset --export-images DIR --part train}), a
 * scratch directory. Run with this module's test class path and {@code -Dtailor.jvmOptions=app-cli/dist/src/lib/jvm.options}.
 */
public final class HdfsPredictionBench {
    private HdfsPredictionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path images = Path.of(args[1]);
        Path scratch = Files.createDirectories(Path.of(args[2]));
        MiniDFSCluster hdfs = SparkHdfsTest.startHdfs(scratch.resolve("hdfs"));
        try {
            String root = hdfs.getURI().toString();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(images)) {
                files = walk.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            }
            long start = System.nanoTime();
            upload(hdfs.getFileSystem(), images, files, root + "/images");
            upload(hdfs.getFileSystem(), images, files.subList(0, 3), root + "/three");
            System.out.printf(Locale.ROOT, "uploaded %,d PNGs to HDFS in %.1f s%n", files.size(), seconds(start));
            System.setProperty("spark.driver.host", "127.0.0.1");
            List<String> rows = new ArrayList<>();
            rows.add(job("`local[2]`", model, root, files.size(), "local[2]"));
            for (int workers = 1; workers <= 2; workers++) {
                try (StandaloneCluster cluster = StandaloneCluster.start(Files.createDirectories(scratch.resolve("cluster-" + workers)), workers)) {
                    rows.add(job("standalone, " + workers + " one-core worker" + (workers == 1 ? "" : "s"), model, root, files.size(),
                            cluster.url()));
                }
            }
            System.out.println("| master | 3 images | " + String.format(Locale.ROOT, "%,d", files.size()) + " images | images/s after the job's start |");
            System.out.println("|---|---:|---:|---:|");
            rows.forEach(System.out::println);
        } finally {
            hdfs.shutdown();
        }
    }

    /** One row: wall seconds for 3 images, for all of them, and the images per second beyond the 3-image job's time. */
    private static String job(String label, Path model, String root, int count, String master) {
        String tag = Integer.toHexString(label.hashCode());
        double overhead = predict(model, master, root + "/three", root + "/out-three-" + tag, 3);
        double all = predict(model, master, root + "/images", root + "/out-all-" + tag, count);
        return String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %,.0f |", label, overhead, all, (count - 3) / (all - overhead));
    }

    private static double predict(Path model, String master, String input, String output, int expected) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = TailorCli.run(new String[] {"predict", "--model", model.toString(), "--spark", master, "--input", input, "--output", output},
                new PrintWriter(out, true), new PrintWriter(err, true));
        double seconds = seconds(start);
        if (code != 0 || !out.toString().contains(String.format(Locale.ROOT, "wrote %,d rows", expected))) {
            throw new IllegalStateException("predict on " + master + " exited " + code + ": " + out + err);
        }
        System.out.printf(Locale.ROOT, "%s: %,d images in %.1f s%n", master, expected, seconds);
        return seconds;
    }

    /** Copies the files to HDFS under {@code target}, keeping their paths below {@code base}, eight at a time. */
    private static void upload(FileSystem fs, Path base, List<Path> files, String target) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (Path file : files) {
                copies.add(pool.submit(() -> {
                    try {
                        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()),
                                new org.apache.hadoop.fs.Path(target + "/" + base.relativize(file).toString().replace('\\', '/')));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
