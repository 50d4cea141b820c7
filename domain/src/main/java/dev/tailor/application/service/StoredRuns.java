package dev.tailor.application.service;

import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.out.ExperimentDirectory.StoredRun;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backends;

/** Runs trained earlier, or elsewhere (a resumed experiment, a cluster's executors), made whole again. */
public final class StoredRuns {
    private StoredRuns() {
    }

    /** A finished run from what was stored of it; its model, served on the backend that trained it, scores {@code test}. */
    public static TrainedRun scored(StoredRun run, Dataset test, Backends backends) {
        try (Classifier classifier = Serving.classifier(run.model(), backends.named(run.provenance().backend()))) {
            return new TrainedRun(run.directory(), run.facts().initialWeights(), run.history(), Evaluation.of(classifier, test),
                    run.provenance(), run.facts().inferenceSeconds(), run.facts().peakMemoryBytes());
        }
    }
}
