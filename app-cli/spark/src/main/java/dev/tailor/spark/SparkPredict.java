package dev.tailor.spark;

import dev.tailor.application.ServableModel;
import dev.tailor.application.port.out.Cluster.BatchPrediction.Result;
import dev.tailor.application.port.out.Cluster.BatchPrediction;
import dev.tailor.config.FileTrees;
import dev.tailor.config.ImageTree;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;

/**
 * Batch prediction on Spark: every image under a directory (recursively), or every row of a Parquet file with an
 * image-bytes column, classified by a saved model on any backend, written as Parquet or CSV. The model directory is
 * shipped to the executors with the job; each executor JVM loads it once and classifies its partitions in batches.
 */
final class SparkPredict {
    private SparkPredict() {
    }

    static Result run(BatchPrediction request) {
        ServableModel model = ModelFiles.open(request.model());
        int top = Math.min(request.top(), model.classNames().size());
        Path scratch = FileTrees.temporaryDirectory("tailor-spark");
        byte[] archive = ModelArchive.zip(request.model());
        SparkSession spark = SparkSessions.open(request.master(), "tailor predict", scratch);
        FailedTasks failedTasks = new FailedTasks();
        spark.sparkContext().addSparkListener(failedTasks);
        try {
            // Input and output on any file system Hadoop reaches (local paths, hdfs://, s3a://...), with the cluster's
            // Hadoop settings (spark.hadoop.*, core-site.xml): credentials stay there, never in Tailor's files.
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            org.apache.hadoop.fs.Path input = qualified(request.input());
            org.apache.hadoop.fs.Path output = qualified(request.output());
            FileSystem inputFs = HadoopFiles.fileSystem(input, hadoop);
            FileSystem outputFs = HadoopFiles.fileSystem(output, hadoop);
            if (!HadoopFiles.exists(inputFs, input)) {
                throw new InvalidInputException("--input " + request.input() + ": no such file or directory");
            }
            if (HadoopFiles.exists(outputFs, output)) {
                throw new InvalidInputException("--output " + request.output() + " already exists; choose a new path");
            }
            Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(archive);
            Dataset<Row> images = isParquet(request.input()) ? parquetImages(spark, request, input) : directoryImages(spark, input);
            ResultRows rows = new ResultRows(request.csv() ? ResultRows.Layout.FLAT : ResultRows.Layout.NESTED, top);
            int threads = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
            Dataset<Row> results = images.mapPartitions(new PartitionScorer(ModelArchive.id(archive), shipped,
                    request.backend(), request.batchSize(), threads, rows), Encoders.row(rows.schema()));
            // Written beside the target, on its file system, and renamed into place whole: a failed job leaves no
            // partial output.
            org.apache.hadoop.fs.Path staging = HadoopFiles.stagingBeside(output);
            try {
                var writer = results.write().mode(SaveMode.ErrorIfExists);
                if (request.csv()) {
                    writer.option("header", "true").csv(staging.toString());
                } else {
                    writer.parquet(staging.toString());
                }
                Dataset<Row> written = request.csv()
                        ? spark.read().option("header", "true").schema(rows.schema()).csv(staging.toString())
                        : spark.read().parquet(staging.toString());
                Result result = new Result(written.count(), written.filter(functions.col("error").isNotNull()).count(),
                        failedTasks.count());
                if (result.rows() == 0) {
                    throw new InvalidInputException("no images in --input " + request.input());
                }
                if (!outputFs.rename(staging, output)) {
                    throw new TailorException("cannot move the finished output into place at " + request.output());
                }
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                HadoopFiles.deleteQuietly(outputFs, staging);
            }
        } finally {
            spark.stop();
            FileTrees.deleteQuietly(scratch);
        }
    }

    /** A local path or a URI, made absolute: a relative path is this directory's, not Hadoop's working directory. */
    private static org.apache.hadoop.fs.Path qualified(String location) {
        try {
            URI uri = new URI(location);
            if (uri.getScheme() == null) {
                return new org.apache.hadoop.fs.Path(Path.of(location).toAbsolutePath().normalize().toUri());
            }
            return new org.apache.hadoop.fs.Path(uri);
        } catch (URISyntaxException e) {
            return new org.apache.hadoop.fs.Path(Path.of(location).toAbsolutePath().normalize().toUri());
        }
    }

    /** A Parquet file, or a directory of them as Spark writes it, is named *.parquet; anything else is a tree of images. */
    static boolean isParquet(String input) {
        String name = input.replaceAll("/+$", "");
        return name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** (file, bytes) for each image file under the directory, as {@code tailor predict} names it. */
    private static Dataset<Row> directoryImages(SparkSession spark, org.apache.hadoop.fs.Path directory) {
        String extensions = ImageTree.EXTENSIONS.stream().sorted().collect(Collectors.joining("|"));
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(directory.toString())
                .filter(functions.lower(functions.col("path")).rlike("\\.(" + extensions + ")$"))
                .select(functions.regexp_replace(functions.col("path"), "^file:", "").as("file"), functions.col("content"));
    }

    private static Dataset<Row> parquetImages(SparkSession spark, BatchPrediction request, org.apache.hadoop.fs.Path input) {
        Dataset<Row> table = spark.read().parquet(input.toString());
        StructField image = field(table, request.imageColumn(), request.input());
        if (!(image.dataType() instanceof BinaryType)) {
            throw new InvalidInputException(request.input() + ": column '" + request.imageColumn() + "' is " + image.dataType().simpleString()
                    + "; expected binary (the image file's bytes)");
        }
        field(table, request.keyColumn(), request.input());
        return table.select(functions.col(request.keyColumn()).cast("string").as("file"), functions.col(request.imageColumn()).as("content"));
    }

    private static StructField field(Dataset<Row> table, String column, String input) {
        return Arrays.stream(table.schema().fields()).filter(f -> f.name().equals(column)).findFirst()
                .orElseThrow(() -> new InvalidInputException(input + ": no column '" + column + "'; it has "
                        + String.join(", ", table.schema().fieldNames())));
    }
}
