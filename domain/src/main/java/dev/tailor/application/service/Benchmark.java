package dev.tailor.application.service;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.BenchmarkUseCase;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.BatchReport;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** The benchmark use case: each backend trains and predicts in turn, timed, in this process. */
public final class Benchmark implements BenchmarkUseCase {
    private final ProcessMemory memory;

    /** @param memory sampled while each backend works, for its peak resident memory */
    public Benchmark(ProcessMemory memory) {
        this.memory = memory;
    }

    @Override
    public Result benchmark(Request request) {
        TailorConfig config = request.config();
        int batch = config.training().batchSize();
        int images = batch * (request.warmupBatches() + request.measuredBatches());
        if (request.trained().isEmpty() && request.data().train().size() < images) {
            throw new InvalidInputException("the benchmark trains " + images + " images (" + request.warmupBatches() + " + "
                    + request.measuredBatches() + " batches of " + batch + ") but the data has " + request.data().train().size());
        }
        long multiplyAdds = config.model().multiplyAddsPerImage();
        Optional<Weights> served = request.trained();
        List<Figures> figures = new ArrayList<>();
        // Those that train first: the ones that only serve take the weights the first trained.
        List<Backend> ordered = new ArrayList<>(request.backends());
        boolean training = request.trained().isEmpty();
        ordered.sort(Comparator.comparing(b -> !(training && b instanceof TrainingBackend)));
        for (Backend backend : ordered) {
            backend.useThreads(config.training().threads());
            try (MemorySampler sampler = new MemorySampler(memory)) {
                Optional<Training> trainingFigures = Optional.empty();
                NetworkClassifier classifier;
                if (training && backend instanceof TrainingBackend trainer) {
                    Timing timing = new Timing(request.warmupBatches());
                    classifier = train(trainer, config, request.data().train().take(images), timing);
                    double rate = timing.measuredRate();
                    trainingFigures = Optional.of(new Training(timing.warmupRate(), rate, 3.0 * 2 * multiplyAdds * rate / 1e9));
                    served = served.isPresent() ? served : Optional.of(classifier.weights());
                } else {
                    classifier = backend.classifier(config.model(), classNames(config), served.orElseThrow());
                }
                try (classifier) {
                    Dataset test = request.data().test();
                    classifier.predictAll(test.take(Math.min(500, test.size())));
                    long start = System.nanoTime();
                    classifier.predictAll(test);
                    double inference = test.size() / ((System.nanoTime() - start) / 1e9);
                    double[] latency = latencies(classifier, test, request.latencySamples());
                    figures.add(new Figures(backend.name(), backend.engine(), batch, trainingFigures, inference,
                            percentile(latency, 0.50), percentile(latency, 0.99), sampler.peakBytes()));
                }
            }
        }
        return new Result(config.model().name(), multiplyAdds, batch, List.copyOf(figures));
    }

    private static NetworkClassifier train(TrainingBackend backend, TailorConfig config, Dataset train, Timing timing) {
        TrainingConfig training = config.training().with(t -> t.epochs(1).validation(Validation.NONE));
        return backend.trainer().train(new TrainingRequest(config.model(), train, Optional.empty(), training, Optional.empty()),
                timing).classifier();
    }

    /** Class names only label predictions, which the benchmark does not read. */
    private static List<String> classNames(TailorConfig config) {
        return IntStream.range(0, config.model().classes()).mapToObj(Integer::toString).toList();
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
