package dev.tailor.spark;

import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import java.nio.file.Path;
import java.util.Optional;

/** Adapter: the {@link Cluster} port on Apache Spark, registered for {@link java.util.ServiceLoader}. */
public final class SparkCluster implements Cluster {
    @Override
    public TrainingRuns trainingRuns(String master, RunReporter reporter, Optional<String> dataUri) {
        return new SparkTrainingRuns(master, reporter, dataUri);
    }

    @Override
    public Path download(String uri) {
        return HadoopFiles.download(uri);
    }

    @Override
    public boolean exists(String uri) {
        return HadoopFiles.exists(uri);
    }

    @Override
    public void upload(Path directory, String uri, boolean replace) {
        HadoopFiles.upload(directory, uri, replace);
    }

    @Override
    public BatchPrediction.Result predict(BatchPrediction job) {
        return SparkPredict.run(job);
    }
}
