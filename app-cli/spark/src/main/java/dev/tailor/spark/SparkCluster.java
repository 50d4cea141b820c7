package dev.tailor.spark;

import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;

/** Adapter: the {@link Cluster} port on Apache Spark, registered for {@link java.util.ServiceLoader}. */
public final class SparkCluster implements Cluster {
    @Override
    public TrainingRuns trainingRuns(String master, RunReporter reporter) {
        return new SparkTrainingRuns(master, reporter);
    }

    @Override
    public BatchPrediction.Result predict(BatchPrediction job) {
        return SparkPredict.run(job);
    }
}
