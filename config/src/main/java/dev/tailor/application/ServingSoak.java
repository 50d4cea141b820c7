package dev.tailor.application;

import dev.tailor.config.ServableModel;
import dev.tailor.config.Tailor;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Use case: does serving hold its memory? One classifier answers many one-image predictions from several threads, then
 * classifiers are opened and closed in a loop, as a long-lived service and an embedder that reloads models would.
 * Resident memory (off-heap included) is sampled after each of {@link #ROUNDS} rounds. The first rounds are the
 * warm-up (engines size their pools, the JIT compiles, the Java heap first touches its young generation, malloc gives
 * each thread an arena) and drift is measured from their end.
 */
public final class ServingSoak {
    static final int ROUNDS = 20;

    /**
     * @param predictions one-image predictions through one classifier, spread over {@code threads}
     * @param reloads     classifiers opened, asked one prediction and closed, one after another
     * @param warmupRounds rounds, of {@link #ROUNDS}, before the reference sample
     */
    public record Request(ServableModel model, String backend, Dataset images, long predictions, int threads, int reloads,
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
    public record Sample(long operations, long residentBytes) {
    }

    /**
     * One phase's samples, one per round.
     *
     * @param operations what was done after the warm-up, in {@code seconds}
     */
    public record Phase(String name, long operations, double seconds, int warmupRounds, List<Sample> samples) {
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

    public record Result(String backend, int threads, Phase predictions, Phase reloads) {
    }

    public Result run(Request request) {
        return new Result(request.backend(), request.threads(), predictions(request), reloads(request));
    }

    private static Phase predictions(Request request) {
        List<Sample> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(request.threads(), daemon("tailor-soak"));
        long start = 0;
        try (Classifier classifier = Tailor.serve(request.model(), request.backend())) {
            long done = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (round == request.warmupRounds()) {
                    start = System.nanoTime();
                }
                long share = request.predictions() / ROUNDS + (round < request.predictions() % ROUNDS ? 1 : 0);
                List<Callable<Void>> work = new ArrayList<>();
                for (int t = 0; t < request.threads(); t++) {
                    long from = done + share * t / request.threads();
                    long to = done + share * (t + 1) / request.threads();
                    work.add(() -> {
                        for (long i = from; i < to; i++) {
                            classifier.predict(request.images().image((int) (i % request.images().size())));
                        }
                        return null;
                    });
                }
                await(pool.invokeAll(work));
                done += share;
                samples.add(new Sample(done, MemorySampler.residentBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TailorException("the soak was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        long measured = request.predictions() - samples.get(request.warmupRounds() - 1).operations();
        return new Phase("predictions", measured, (System.nanoTime() - start) / 1e9, request.warmupRounds(), samples);
    }

    private static Phase reloads(Request request) {
        List<Sample> samples = new ArrayList<>();
        long start = 0;
        int perRound = request.reloads() / ROUNDS;
        for (int i = 0; i < request.reloads(); i++) {
            if (i == perRound * request.warmupRounds()) {
                start = System.nanoTime();
            }
            try (Classifier classifier = Tailor.serve(request.model(), request.backend())) {
                classifier.predict(request.images().image(i % request.images().size()));
            }
            if ((i + 1) % perRound == 0 && samples.size() < ROUNDS - 1 || i + 1 == request.reloads()) {
                samples.add(new Sample(i + 1, MemorySampler.residentBytes()));
            }
        }
        long measured = request.reloads() - samples.get(request.warmupRounds() - 1).operations();
        return new Phase("reloads", measured, (System.nanoTime() - start) / 1e9, request.warmupRounds(), samples);
    }

    private static void await(List<Future<Void>> futures) throws InterruptedException {
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new TailorException("a soak thread failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
