package dev.tailor.spark;

import dev.tailor.config.FileTrees;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * Files on the cluster's file systems (HDFS, S3 through s3a, local) copied to and from this machine, with Hadoop's
 * settings as Spark gives them to its jobs: core-site.xml and hdfs-site.xml on the class path, then every
 * {@code spark.hadoop.*} setting. Credentials stay in those; Tailor never reads or logs them.
 */
final class HadoopFiles {
    private static final String SPARK_HADOOP = "spark.hadoop.";
    /** Each executor JVM fetches a URI once, however many runs read it. */
    private static final Map<String, Path> FETCHED = new ConcurrentHashMap<>();

    private HadoopFiles() {
    }

    /** A copy of the file or directory at {@code uri} in a new temporary directory here, removed when this JVM exits. */
    static Path download(String uri) {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(URI.create(uri));
        FileSystem fs = fileSystem(source);
        Path scratch = FileTrees.temporaryDirectory("tailor-fetched");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.deleteQuietly(scratch)));
        Path copy = scratch.resolve(source.getName().isEmpty() ? "root" : source.getName());
        try {
            if (!fs.exists(source)) {
                throw new InvalidInputException(uri + ": no such file or directory");
            }
            // The raw local file system: no .crc files beside the copies.
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(copy.toUri()), true);
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot copy it here: " + rootMessage(e));
        }
        return copy;
    }

    /** {@link #download}, once per JVM for each URI: how executors read a run's data. */
    static Path downloadOnce(String uri) {
        return FETCHED.computeIfAbsent(uri, HadoopFiles::download);
    }

    static boolean exists(String uri) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(URI.create(uri));
        return exists(fileSystem(path), path);
    }

    static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read it: " + rootMessage(e));
        }
    }

    /** Where a result is written before it is renamed to {@code target}: hidden beside it, named for this process. */
    static org.apache.hadoop.fs.Path stagingBeside(org.apache.hadoop.fs.Path target) {
        return new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".partial-" + ProcessHandle.current().pid());
    }

    /** The directory put at {@code uri} whole: copied to a hidden name beside it, then renamed into place. */
    static void upload(Path directory, String uri, boolean replace) {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(URI.create(uri));
        FileSystem fs = fileSystem(target);
        org.apache.hadoop.fs.Path staging = stagingBeside(target);
        try {
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(directory.toUri()), staging);
            if (fs.exists(target)) {
                if (!replace) {
                    throw new InvalidInputException(uri + " already exists; choose a new path or give --overwrite");
                }
                fs.delete(target, true);
            }
            if (!fs.rename(staging, target)) {
                throw new TailorException("cannot move the finished output into place at " + uri);
            }
        } catch (IOException e) {
            throw new TailorException("cannot write " + uri + ": " + rootMessage(e), e);
        } finally {
            deleteQuietly(fs, staging);
        }
    }

    /** Hadoop's settings for this process: the cluster's files, then spark.hadoop.* of the running Spark, else of -D. */
    static Configuration configuration() {
        Configuration hadoop = new Configuration();
        SparkConf spark = SparkEnv.get() != null ? SparkEnv.get().conf() : new SparkConf();
        for (Tuple2<String, String> setting : spark.getAllWithPrefix(SPARK_HADOOP)) {
            hadoop.set(setting._1(), setting._2());
        }
        return hadoop;
    }

    static FileSystem fileSystem(org.apache.hadoop.fs.Path path) {
        return fileSystem(path, configuration());
    }

    static FileSystem fileSystem(org.apache.hadoop.fs.Path path, Configuration hadoop) {
        try {
            return path.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot open its file system: " + rootMessage(e));
        } catch (RuntimeException e) {
            // Hadoop names the file system's class in core-default.xml and fails with ClassNotFoundException when the
            // jar that holds it (hadoop-aws for s3a) is not on the class path.
            if (rootCause(e) instanceof ClassNotFoundException missing) {
                String scheme = path.toUri().getScheme();
                throw new InvalidInputException(path + ": the " + scheme + " file system is not installed (" + missing.getMessage() + ")"
                        + ("s3a".equals(scheme) ? "; s3a needs hadoop-aws and the AWS SDK: build with -Ps3a (docs/spark.md)" : ""));
            }
            throw e;
        }
    }

    static void deleteQuietly(FileSystem fs, org.apache.hadoop.fs.Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            // A leftover staging directory is hidden and named for this process; nothing more to do.
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
