package dev.tailor.application.service;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.BenchmarkUseCase;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import dev.tailor.domain.training.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The benchmark use case: each backend trains and predicts in turn, timed, in this process. */
public final class Benchmark implements BenchmarkUseCase {

    @Override
    public Result benchmark(Request request) {
        TailorConfig config = request.config();
        int batch = config.training().batchSize();
        int images = batch * (request.warmupBatches() + request.measuredBatches());
        if (request.data().train().size() < images) {
            throw new InvalidInputException("the benchmark trains " + images + " images (" + request.warmupBatches() + " + "
                    + request.measuredBatches() + " batches of " + batch + ") but the data has " + request.data().train().size());
        }
        Dataset train = request.data().train().take(images);
        TrainingConfig training = config.training().with(t -> t.epochs(1).validation(Validation.NONE));
        long multiplyAdds = config.model().multiplyAddsPerImage();
        List<Figures> figures = new ArrayList<>();
        for (TrainingBackend backend : request.backends()) {
            backend.useThreads(training.threads());
            try (MemorySampler memory = new MemorySampler()) {
                Timing timing = new Timing(request.warmupBatches());
                TrainingResult result = backend.trainer().train(new TrainingRequest(config.model(), train, Optional.empty(),
                        training, Optional.empty()), timing);
                try (NetworkClassifier classifier = result.classifier()) {
                    Dataset test = request.data().test();
                    classifier.predictAll(test.take(Math.min(500, test.size())));
                    long start = System.nanoTime();
                    classifier.predictAll(test);
                    double inference = test.size() / ((System.nanoTime() - start) / 1e9);
                    double[] latency = latencies(classifier, test, request.latencySamples());
                    double trainRate = timing.measuredRate();
                    figures.add(new Figures(backend.name(), backend.engine(), batch, timing.warmupRate(), trainRate, inference,
                            percentile(latency, 0.50), percentile(latency, 0.99), memory.peakBytes(),
                            3.0 * 2 * multiplyAdds * trainRate / 1e9));
                }
            }
        }
        return new Result(config.model().name(), multiplyAdds, batch, List.copyOf(figures));
    }

    /** Milliseconds per one-image prediction, sorted, after as many unmeasured predictions to warm up. */
    private static double[] latencies(NetworkClassifier classifier, Dataset test, int samples) {
        for (int i = 0; i < samples; i++) {
            classifier.predict(test.image(i % test.size()));
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            var image = test.image(i % test.size());
            long start = System.nanoTime();
            classifier.predict(image);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Images and seconds when the warm-up ended and when the last batch did, from the trainer's own reports. */
    private static final class Timing implements TrainingListener {
        private final int warmupBatches;
        private BatchReport warm;
        private BatchReport last;

        Timing(int warmupBatches) {
            this.warmupBatches = warmupBatches;
        }

        @Override
        public void onBatch(BatchReport report) {
            if (report.batch() == warmupBatches) {
                warm = report;
            }
            last = report;
        }

        double warmupRate() {
            return warm.images() / warm.seconds();
        }

        double measuredRate() {
            return (last.images() - warm.images()) / (last.seconds() - warm.seconds());
        }
    }
}
