package dev.tailor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark jobs with their data, models and output in HDFS: a real NameNode and DataNode on loopback (Hadoop's
 * MiniDFSCluster, the Hadoop version Spark brings). 1,000 PNGs and a Parquet table of image bytes are read from HDFS by
 * a model also read from HDFS, the results written back to HDFS, equal to in-process predict; a sweep reads its IDX
 * files from HDFS and writes its experiment there, equal to an in-process sweep.
 */
@Tag("spark")
class SparkHdfsTest {
    @TempDir
    static Path dir;
    static MiniDFSCluster hdfs;
    static String root;
    static Path model;
    static Path images;
    static Map<String, Map<String, Double>> expected;

    @BeforeAll
    static void startHdfsAndCopyTheImages() throws IOException {
        hdfs = startHdfs(dir.resolve("hdfs"));
        root = hdfs.getURI().toString();
        model = SparkPredictTest.saveModel(dir.resolve("model"));
        images = SparkPredictTest.exportImages(dir.resolve("images"), "test", 1_000);
        expected = SparkPredictTest.predictInProcess(model, images);
        hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(images.toUri()), new org.apache.hadoop.fs.Path(root + "/images"));
    }

    /** A NameNode and one DataNode on loopback, their files under {@code base}. */
    static MiniDFSCluster startHdfs(Path base) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        // A file may close before its one block's receipt reaches the NameNode, and the client asks again after 10 ms,
        // not 400: otherwise each small file costs ~170 ms to write here.
        conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
        return new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void imagesInHdfsAreClassifiedIntoHdfs() {
        String out = root + "/out/predictions.parquet";

        SparkPredictTest.Run run = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", "local[2]", "--input",
                root + "/images", "--output", out);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains(String.format("wrote %,d rows to %s (1 could not be classified)", expected.size() + 1, out));
        List<Row> rows = SparkPredictTest.withSpark(spark -> spark.read().parquet(out).collectAsList());
        Map<String, Map<String, Double>> byUri = new HashMap<>();
        expected.forEach((file, scores) -> byUri.put(root + "/images/" + images.relativize(Path.of(file)), scores));
        SparkPredictTest.assertRowsMatch(rows, byUri, root + "/images/nested/broken.png");
        assertThat(listing("/out")).containsExactly("predictions.parquet");
    }

    @Test
    void aModelInHdfsClassifiesAsTheLocalOne() {
        put(model, "/models/seed-cnn");
        String out = root + "/by-hdfs-model.parquet";

        SparkPredictTest.Run run = SparkPredictTest.cli("predict", "--model", root + "/models/seed-cnn", "--spark", "local[2]", "--input",
                root + "/images", "--output", out);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        Map<String, Map<String, Double>> byUri = new HashMap<>();
        expected.forEach((file, scores) -> byUri.put(root + "/images/" + images.relativize(Path.of(file)), scores));
        SparkPredictTest.assertRowsMatch(SparkPredictTest.withSpark(spark -> spark.read().parquet(out).collectAsList()), byUri,
                root + "/images/nested/broken.png");
    }

    @Test
    void aSweepReadsItsDataFromHdfsAndWritesItsExperimentThere(@TempDir Path local) throws IOException {
        put(Path.of(SparkExperimentsTest.DATA), "/fashion-mnist");
        String experiment = root + "/experiments/sweep";

        SparkPredictTest.Run here = SparkPredictTest.cli(SparkExperimentsTest.sweep(local.resolve("here")));
        SparkPredictTest.Run spark = SparkPredictTest.cli(SparkExperimentsTest.sweep(root + "/fashion-mnist", experiment,
                "--spark", "local[2]"));

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(spark.exitCode()).as(spark.err()).isZero();
        assertThat(spark.out()).endsWith("wrote " + experiment + System.lineSeparator());
        assertThat(listing("/experiments")).containsExactly("sweep");
        hdfs.getFileSystem().copyToLocalFile(false, new org.apache.hadoop.fs.Path(experiment),
                new org.apache.hadoop.fs.Path(local.resolve("fetched").toUri()), true);
        SparkExperimentsTest.assertSameRuns(local.resolve("here"), local.resolve("fetched"), 2);
        assertThat(bestLine(local.resolve("fetched/sweep.md"))).isEqualTo(bestLine(local.resolve("here/sweep.md")));
    }

    @Test
    void hdfsLocationsWithoutSparkOrAnExistingExperimentAreOneLine() throws IOException {
        hdfs.getFileSystem().mkdirs(new org.apache.hadoop.fs.Path(root + "/existing/taken"));

        SparkPredictTest.Run train = SparkPredictTest.cli("train", "--data", root + "/fashion-mnist", "--epochs", "1");
        SparkPredictTest.Run taken = SparkPredictTest.cli(SparkExperimentsTest.sweep(SparkExperimentsTest.DATA,
                root + "/existing/taken", "--spark", "local[2]"));
        SparkPredictTest.Run resume = SparkPredictTest.cli(SparkExperimentsTest.sweep(SparkExperimentsTest.DATA,
                root + "/existing/later", "--spark", "local[2]", "--resume"));

        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err().strip()).isEqualTo("tailor: error: --data " + root + "/fashion-mnist: a cluster URI is read only with "
                + "--spark (predict, sweep, compare); give a path on this machine");
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err().strip()).isEqualTo("tailor: error: --output " + root + "/existing/taken already exists; choose a "
                + "new path or give --overwrite");
        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.err().strip()).isEqualTo("tailor: error: --resume needs --output on this machine: " + root
                + "/existing/later is written whole when the experiment ends");
    }

    /** "Best: trial-NN (settings), validation accuracy A." of a sweep.md. */
    private static String bestLine(Path sweepMarkdown) throws IOException {
        String best = Files.readAllLines(sweepMarkdown).stream().filter(line -> line.startsWith("Best: ")).findFirst().orElseThrow();
        return best.substring(0, best.indexOf(" Its config"));
    }

    private static boolean s3aInstalled() {
        try {
            Class.forName("org.apache.hadoop.fs.s3a.S3AFileSystem");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Copies a local directory to this path in HDFS, once. */
    private static void put(Path local, String path) {
        try {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(root + path);
            if (!hdfs.getFileSystem().exists(target)) {
                hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aParquetTableInHdfsGivesTheSameRows() throws IOException {
        List<Row> table;
        try (Stream<Path> files = Files.walk(images)) {
            table = files.filter(p -> p.toString().endsWith(".png")).map(f -> RowFactory.create(f.toString(), read(f))).toList();
        }
        String catalogue = root + "/catalogue.parquet";
        SparkPredictTest.withSpark(spark -> {
            spark.createDataFrame(table, DataTypes.createStructType(List.of(
                    DataTypes.createStructField("sku", DataTypes.StringType, false),
                    DataTypes.createStructField("photo", DataTypes.BinaryType, false)))).write().parquet(catalogue);
            return catalogue;
        });
        String out = root + "/from-parquet.parquet";

        SparkPredictTest.Run run = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", "local[2]", "--input",
                catalogue, "--image-column", "photo", "--key-column", "sku", "--output", out);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        SparkPredictTest.assertRowsMatch(SparkPredictTest.withSpark(spark -> spark.read().parquet(out).collectAsList()), expected,
                images.resolve("nested/broken.png"));
    }

    @Test
    void anExistingOutputOrAMissingInputInHdfsIsOneLine() throws IOException {
        hdfs.getFileSystem().mkdirs(new org.apache.hadoop.fs.Path(root + "/taken"));

        SparkPredictTest.Run taken = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", "--input", root + "/images",
                "--output", root + "/taken");
        SparkPredictTest.Run missing = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", "--input", root + "/nothing",
                "--output", root + "/never");

        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err().strip()).isEqualTo("tailor: error: --output " + root + "/taken already exists; choose a new path");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("tailor: error: --input " + root + "/nothing: no such file or directory");
        // Without the s3a profile's hadoop-aws, one line that says what to add; with it, S3 refuses (no network here).
        SparkPredictTest.Run s3 = SparkPredictTest.cli("predict", "--model", model.toString(), "--spark", "--input", "s3a://bucket/images",
                "--output", root + "/never");
        assertThat(s3.exitCode()).isEqualTo(2);
        assertThat(s3.err()).hasLineCount(1).startsWith("tailor: error: s3a://bucket/images: ");
        if (!s3aInstalled()) {
            assertThat(s3.err().strip()).isEqualTo("tailor: error: s3a://bucket/images: the s3a file system is not installed (Class "
                    + "org.apache.hadoop.fs.s3a.S3AFileSystem not found); s3a needs hadoop-aws and the AWS SDK: build with -Ps3a (docs/spark.md)");
        }
    }

    private static List<String> listing(String path) {
        try {
            FileSystem fs = hdfs.getFileSystem();
            return Stream.of(fs.listStatus(new org.apache.hadoop.fs.Path(root + path))).map(s -> s.getPath().getName()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
