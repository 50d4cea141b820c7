package dev.tailor.application.port.in;

import dev.tailor.application.ServableModel;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.spi.Backend;
import java.util.List;

/**
 * Use case: does serving hold its memory? One classifier answers many one-image predictions from several threads, then
 * classifiers are opened and closed in a loop, as a long-lived service and an embedder that reloads models would.
 * Resident memory (off-heap included) is sampled after each of {@link #ROUNDS} rounds. The first rounds are the
 * warm-up (engines size their pools, the JIT compiles, the Java heap first touches its young generation, malloc gives
 * each thread an arena) and drift is measured from their end.
 */
public interface SoakUseCase {
    int ROUNDS = 20;

    /**
     * @param predictions one-image predictions through one classifier, spread over {@code threads}
     * @param reloads     classifiers opened, asked one prediction and closed, one after another
     * @param warmupRounds rounds, of {@link #ROUNDS}, before the reference sample
     */
    record Request(ServableModel model, Backend backend, Dataset images, long predictions, int threads, int reloads,
                          int warmupRounds) {
        public Request {
            if (warmupRounds < 1 || warmupRounds >= ROUNDS) {
                throw new InvalidInputException("warm-up rounds must be between 1 and " + (ROUNDS - 1) + ", got " + warmupRounds);
            }
            if (predictions < ROUNDS || reloads < ROUNDS) {
                throw new InvalidInputException("a soak needs at least " + ROUNDS + " predictions and " + ROUNDS
                        + " reloads (one per sampling round), got " + predictions + " and " + reloads);
            }
            if (threads < 1) {
                throw new InvalidInputException("a soak needs at least one thread, got " + threads);
            }
            if (images.size() == 0) {
                throw new InvalidInputException("a soak needs at least one image to predict");
            }
        }
    }

    /** Resident memory after {@code operations} were done. */
    record Sample(long operations, long residentBytes) {
    }

    /**
     * One phase's samples, one per round.
     *
     * @param operations what was done after the warm-up, in {@code seconds}
     */
    record Phase(String name, long operations, double seconds, int warmupRounds, List<Sample> samples) {
        public Phase {
            samples = List.copyOf(samples);
        }

        public long warmResidentBytes() {
            return samples.get(warmupRounds - 1).residentBytes();
        }

        /** The highest sample after the warm-up. */
        public long peakResidentBytes() {
            return samples.stream().skip(warmupRounds - 1).mapToLong(Sample::residentBytes).max().orElseThrow();
        }

        public long finalResidentBytes() {
            return samples.get(samples.size() - 1).residentBytes();
        }

        /** Growth of the peak after warm-up over the warm-up's level: 0.05 is 5%. */
        public double drift() {
            return (double) (peakResidentBytes() - warmResidentBytes()) / warmResidentBytes();
        }

        public double operationsPerSecond() {
            return operations / seconds;
        }
    }

    record Result(String backend, int threads, Phase predictions, Phase reloads) {
    }

    Result soak(Request request);
}
