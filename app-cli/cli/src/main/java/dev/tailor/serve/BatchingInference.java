package dev.tailor.serve;

import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One engine thread; requests that arrive while it is busy wait and go into its next call together, up to
 * {@code maxImages}. No timer: an idle server answers at once, a busy one makes fewer, larger engine calls instead
 * of many small ones competing for the cores.
 */
final class BatchingInference implements Inference {
    private record Job(List<Image> images, CompletableFuture<List<Prediction>> result) {
    }

    private static final Job STOP = new Job(List.of(), null);

    private final Classifier classifier;
    private final ServerMetrics metrics;
    private final int maxImages;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread engine;

    BatchingInference(Classifier classifier, ServerMetrics metrics, int maxImages) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.maxImages = maxImages;
        this.engine = new Thread(this::serve, "tailor-engine");
        engine.setDaemon(true);
        engine.start();
    }

    @Override
    public List<Prediction> classify(List<Image> images) {
        Job job = new Job(images, new CompletableFuture<>());
        queue.add(job);
        try {
            return job.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void serve() {
        List<Job> jobs = new ArrayList<>();
        while (true) {
            jobs.clear();
            Job first = take();
            if (first == STOP) {
                return;
            }
            jobs.add(first);
            int count = first.images().size();
            // Gather what is already waiting; a job that would overflow the batch waits for the next call.
            while (count < maxImages && queue.peek() != null && queue.peek() != STOP && count + queue.peek().images().size() <= maxImages) {
                Job next = queue.poll();
                jobs.add(next);
                count += next.images().size();
            }
            run(jobs, count);
        }
    }

    private void run(List<Job> jobs, int count) {
        List<Image> all = new ArrayList<>(count);
        jobs.forEach(job -> all.addAll(job.images()));
        try {
            List<Prediction> predictions = classifier.predict(Images.of(all));
            metrics.engineCall(count);
            int from = 0;
            for (Job job : jobs) {
                job.result().complete(predictions.subList(from, from + job.images().size()));
                from += job.images().size();
            }
        } catch (RuntimeException | Error e) {
            jobs.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    private Job take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            return STOP;
        }
    }

    /** Finishes the calls already queued, then stops the engine thread. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            engine.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
