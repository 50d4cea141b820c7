package dev.tailor.application.service;

import dev.tailor.application.port.in.SoakUseCase;
import dev.tailor.application.port.out.ProcessMemory;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.inference.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** The soak use case: predictions from several threads, then reloads, resident memory sampled each round. */
public final class ServingSoak implements SoakUseCase {
    private final ProcessMemory memory;

    /** @param memory read after each round */
    public ServingSoak(ProcessMemory memory) {
        this.memory = memory;
    }

    @Override
    public Result soak(Request request) {
        return new Result(request.backend().name(), request.threads(), predictions(request), reloads(request));
    }

    private Phase predictions(Request request) {
        List<Sample> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(request.threads(), daemon("tailor-soak"));
        long start = 0;
        try (Classifier classifier = Serving.classifier(request.model(), request.backend())) {
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
                samples.add(new Sample(done, memory.residentBytes()));
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

    private Phase reloads(Request request) {
        List<Sample> samples = new ArrayList<>();
        long start = 0;
        int perRound = request.reloads() / ROUNDS;
        for (int i = 0; i < request.reloads(); i++) {
            if (i == perRound * request.warmupRounds()) {
                start = System.nanoTime();
            }
            try (Classifier classifier = Serving.classifier(request.model(), request.backend())) {
                classifier.predict(request.images().image(i % request.images().size()));
            }
            if ((i + 1) % perRound == 0 && samples.size() < ROUNDS - 1 || i + 1 == request.reloads()) {
                samples.add(new Sample(i + 1, memory.residentBytes()));
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
