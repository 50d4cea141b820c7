package dev.tailor.application.port.in;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.TrainingBackend;
import java.util.List;
import java.util.Optional;

/**
 * Use case: how fast each backend trains and predicts a config's network, and what memory it holds: steady-state
 * training images/s (after warm-up batches it reports separately), batch inference images/s, one-image latency
 * through the {@link dev.tailor.domain.inference.Classifier} port, the process's peak resident memory, and the
 * arithmetic rate training achieved. Nothing is written; the caller prints or saves the result.
 */
public interface BenchmarkUseCase {
    /**
     * @param trained         weights to serve: nothing is trained and only inference is measured. Without them, every
     *                        backend that trains is timed training, and those that only serve (ONNX Runtime) serve
     *                        what the first of them trained
     * @param warmupBatches   training batches run before timing starts (engines compile kernels and grow pools first)
     * @param measuredBatches training batches timed
     * @param latencySamples  one-image predictions timed, after as many again to warm up
     */
    record Request(TailorConfig config, List<Backend> backends, Optional<Weights> trained, RunData data, int warmupBatches,
                   int measuredBatches, int latencySamples) {
        public Request {
            backends = List.copyOf(backends);
            if (backends.isEmpty() || warmupBatches < 1 || measuredBatches < 1 || latencySamples < 1) {
                throw new InvalidInputException("a benchmark needs a backend, and at least one warm-up batch, one measured "
                        + "batch and one latency sample");
            }
            if (trained.isEmpty() && backends.stream().noneMatch(TrainingBackend.class::isInstance)) {
                throw new InvalidInputException("backends that only serve (" + String.join(", ", backends.stream()
                        .map(Backend::name).toList()) + ") need trained weights, or a backend that trains them in the same benchmark");
            }
        }
    }

    /** Training figures, for a backend that trained in the benchmark. */
    record Training(double warmupImagesPerSecond, double imagesPerSecond, double gflops) {
    }

    /**
     * One backend's figures.
     *
     * @param training empty when the backend did not train: it only serves, or the benchmark served given weights
     */
    record Figures(String backend, String engine, int batchSize, Optional<Training> training, double inferenceImagesPerSecond,
                   double latencyP50Millis, double latencyP99Millis, long peakMemoryBytes) {
    }

    record Result(String model, long multiplyAddsPerImage, int batchSize, List<Figures> backends) {
    }

    Result benchmark(Request request);
}
