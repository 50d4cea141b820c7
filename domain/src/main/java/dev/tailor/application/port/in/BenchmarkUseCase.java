package dev.tailor.application.port.in;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.TrainingBackend;
import java.util.List;

/**
 * Use case: how fast each backend trains and predicts a config's network, and what memory it holds: steady-state
 * training images/s (after warm-up batches it reports separately), batch inference images/s, one-image latency
 * through the {@link dev.tailor.domain.inference.Classifier} port, the process's peak resident memory, and the
 * arithmetic rate training achieved. Nothing is written; the caller prints or saves the result.
 */
public interface BenchmarkUseCase {
    /**
     * @param warmupBatches   training batches run before timing starts (engines compile kernels and grow pools first)
     * @param measuredBatches training batches timed
     * @param latencySamples  one-image predictions timed, after as many again to warm up
     */
    record Request(TailorConfig config, List<TrainingBackend> backends, RunData data, int warmupBatches, int measuredBatches,
                          int latencySamples) {
        public Request {
            backends = List.copyOf(backends);
            if (backends.isEmpty() || warmupBatches < 1 || measuredBatches < 1 || latencySamples < 1) {
                throw new InvalidInputException("a benchmark needs a backend, and at least one warm-up batch, one measured "
                        + "batch and one latency sample");
            }
        }
    }

    /**
     * One backend's figures.
     *
     * @param warmupImagesPerSecond  training speed over the warm-up batches, for contrast
     * @param trainingImagesPerSecond training speed over the measured batches
     * @param trainingGflops         arithmetic rate while training: 3 x forward multiply-adds x 2 x images/s
     */
    record Figures(String backend, String engine, int batchSize, double warmupImagesPerSecond,
                          double trainingImagesPerSecond, double inferenceImagesPerSecond, double latencyP50Millis,
                          double latencyP99Millis, long peakMemoryBytes, double trainingGflops) {
    }

    record Result(String model, long multiplyAddsPerImage, int batchSize, List<Figures> backends) {
    }

    Result benchmark(Request request);
}
