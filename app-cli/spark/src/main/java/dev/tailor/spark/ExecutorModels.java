package dev.tailor.spark;

import dev.tailor.application.ServableModel;
import dev.tailor.application.service.Serving;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backends;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The models an executor JVM serves: each loaded once, on first use by any task, and shared by the tasks that run
 * there at the same time (a Classifier is thread-safe). Kept for the JVM's life: an executor ends with its application.
 */
final class ExecutorModels {
    /** A loaded model and what its images must be prepared to. */
    record Loaded(ServableModel model, Classifier classifier) {
    }

    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /**
     * The model packed by {@link ModelArchive} on {@code backend}; {@code id} names the archive (its checksum), so that
     * each is unpacked and loaded once. The engine computes each call with {@code threads} threads: Spark runs one
     * task per core, so more would have the tasks' calls compete for the same cores.
     */
    static Loaded get(String id, Supplier<byte[]> archive, String backend, int threads) {
        return LOADED.computeIfAbsent(id + "\n" + backend, key -> {
            Backends.installed().named(backend).useThreads(threads);
            ServableModel model = ModelFiles.open(ModelArchive.unzip(archive.get()));
            return new Loaded(model, Serving.classifier(model, Backends.installed().named(backend)));
        });
    }
}
