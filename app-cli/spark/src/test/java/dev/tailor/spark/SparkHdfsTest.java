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
 * Batch prediction with its input and output in HDFS: a real NameNode and DataNode on loopback (Hadoop's
 * MiniDFSCluster, the Hadoop version Spark brings). 1,000 PNGs and a Parquet table of image bytes are read from HDFS,
 * the results written back to HDFS, equal to in-process predict.
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
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        // A file may close before its one block's receipt reaches the NameNode, and the client asks again after 10 ms,
        // not 400: otherwise each small file costs ~170 ms to write here.
        conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        root = hdfs.getURI().toString();
        model = SparkPredictTest.saveModel(dir.resolve("model"));
        images = SparkPredictTest.exportImages(dir.resolve("images"), "test", 1_000);
        expected = SparkPredictTest.predictInProcess(model, images);
        hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(images.toUri()), new org.apache.hadoop.fs.Path(root + "/images"));
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
