package dev.tailor.spark;

import dev.tailor.application.RunData;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.application.service.StoredRuns;
import dev.tailor.config.AtomicFiles;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.FileRuns;
import dev.tailor.config.FileTrees;
import dev.tailor.config.SafeTensors;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Adapter: the runs of a sweep or comparison as Spark tasks, one task per run, all at once as the cluster's cores
 * allow. Each comes back zipped and is unpacked into its run directory under the experiment's output on this machine,
 * then read back as if resumed, and its plots and report are drawn here from what it sent back. Data files and models
 * are what an in-process run writes, number for number.
 */
final class SparkTrainingRuns implements TrainingRuns {
    private final String master;
    private final RunReporter reporter;
    private final Optional<String> dataUri;

    SparkTrainingRuns(String master, RunReporter reporter, Optional<String> dataUri) {
        this.master = master;
        this.reporter = reporter;
        this.dataUri = dataUri;
    }

    @Override
    public List<TrainedRun> train(List<Planned> runs, RunData data, boolean overwrite, Progress progress) {
        if (runs.isEmpty()) {
            return List.of();
        }
        List<RemoteRun> remote = runs.stream().map(run -> new RemoteRun(run.name(), ConfigFiles.toJson(run.config()), run.backend().name(),
                dataUri.orElse(null), run.initialWeights().map(w -> SafeTensors.encode(w, Map.of())).orElse(null))).toList();
        Path scratch = FileTrees.temporaryDirectory("tailor-spark");
        runs.forEach(progress::starting);
        long start = System.nanoTime();
        SparkSession spark = SparkSessions.open(master, "tailor training runs", scratch);
        List<byte[]> zipped;
        try {
            // One partition per run: each run is one task, and runs train side by side on the cluster's cores.
            zipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(remote, remote.size()).map(RemoteRun::train).collect();
        } finally {
            spark.stop();
            FileTrees.deleteQuietly(scratch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<TrainedRun> trained = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Path directory = runs.get(i).config().output();
            ModelArchive.unzipInto(zipped.get(i), directory, overwrite);
            TrainedRun run = StoredRuns.scored(FileRuns.read(directory), data.test(), Backends.installed());
            reporter.trained(runs.get(i).config(), run, data.test(), (name, bytes) -> AtomicFiles.write(directory.resolve(name), bytes));
            trained.add(run);
            progress.finished(runs.get(i), seconds / runs.size());
        }
        return trained;
    }
}
