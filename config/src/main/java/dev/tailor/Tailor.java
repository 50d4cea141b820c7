package dev.tailor;

import dev.tailor.application.ServableModel;
import dev.tailor.application.service.Serving;
import dev.tailor.config.FileModelStore;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;

/**
 * The entry point for embedding: load a trained model directory and classify images, with no CLI and no Guice.
 * Any installed backend can serve any model or ensemble, whichever backends trained it. The classifier is thread-safe;
 * close it to release the engine's native memory.
 *
 * <pre>{@code
 * try (Classifier classifier = Tailor.load(Path.of("runs/seed-cnn/model"))) {
 *     Prediction p = classifier.predict(image);
 * }
 * }</pre>
 */
public final class Tailor {
    private Tailor() {
    }

    /**
     * Loads the model (or ensemble) on the backend that trained it when installed, otherwise on the preferred installed
     * backend.
     */
    public static Classifier load(Path modelDirectory) {
        ServableModel model = new FileModelStore().open(modelDirectory);
        return Serving.classifier(model, Serving.preferredBackend(model, Backends.installed()));
    }

    /** Loads the model (or ensemble) on the named backend. */
    public static Classifier load(Path modelDirectory, String backend) {
        return Serving.classifier(new FileModelStore().open(modelDirectory), Backends.installed().named(backend));
    }
}
