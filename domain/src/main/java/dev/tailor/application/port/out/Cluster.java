package dev.tailor.application.port.out;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Port: Tailor's jobs on a cluster (Apache Spark: the {@code tailor-spark} module). Found with {@link ServiceLoader},
 * so the cluster's libraries stay off the class path of everything else; the launchers add them for {@code --spark}.
 */
public interface Cluster {
    /** What {@code --spark} with no master means: the cluster engine inside this process, on every core. */
    String LOCAL = "local[*]";

    /**
     * The runs of a sweep or comparison as cluster tasks, side by side, on {@code master}.
     *
     * @param reporter draws each run's plots and report on this machine, from what the run sends back
     * @param dataUri  the Hadoop URI whose {@link #download copy} the runs' {@code data.dir} names here, if any: each
     *                 executor reads its own copy of it
     */
    TrainingRuns trainingRuns(String master, RunReporter reporter, Optional<String> dataUri);

    /**
     * Copies a file or directory (recursively) from a URI of any file system the cluster reads to a new temporary
     * directory on this machine, removed when this process exits; returns the copy.
     */
    Path download(String uri);

    /** Whether anything is at this URI. */
    boolean exists(String uri);

    /**
     * Puts a directory of this machine at a URI whole: copied beside the target under a hidden name, then renamed into
     * place, so that a failure leaves nothing at the target. What is there already is replaced only if {@code replace}.
     */
    void upload(Path directory, String uri, boolean replace);

    /** Classifies every image of a batch job and writes the results whole, or nothing. */
    BatchPrediction.Result predict(BatchPrediction job);

    /**
     * A batch prediction: every image under {@code input} (a directory, recursively) or every row of a Parquet table
     * ({@code imageColumn} holds the file bytes, {@code keyColumn} names the row), classified by the model in
     * {@code model} on {@code backend}, written to {@code output} as Parquet or CSV with the {@code top} classes.
     * {@code input} and {@code output} are paths on this machine or URIs of any file system the cluster reads
     * ({@code hdfs://}, {@code file://}, {@code s3a://}).
     */
    record BatchPrediction(String master, Path model, String backend, String input, String output, boolean csv, int top,
                           int batchSize, String imageColumn, String keyColumn) {
        /**
         * Rows written, how many of them are images that could not be classified, and how many task attempts failed and
         * were run again (an executor lost mid-job): the output still holds each image once.
         */
        public record Result(long rows, long failed, int retriedTasks) {
        }
    }

    /** The cluster adapter on the class path, if any. */
    static Optional<Cluster> installed() {
        Iterator<Cluster> found = ServiceLoader.load(Cluster.class).iterator();
        return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
    }
}
