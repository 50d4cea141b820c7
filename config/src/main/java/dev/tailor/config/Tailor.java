package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;

/**
 * The entry point for embedding: load a trained model directory and classify images, with no CLI and no Guice.
 * Any installed backend can serve any model, whichever backend trained it. The classifier is thread-safe; close it
 * to release the engine's native memory.
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

    /** Loads the model on the backend that trained it when installed, otherwise on any installed backend. */
    public static Classifier load(Path modelDirectory) {
        ModelFiles.SavedModel model = ModelFiles.load(modelDirectory);
        return serve(model, preferredBackend(model));
    }

    /** Loads the model on the named backend. */
    public static Classifier load(Path modelDirectory, String backend) {
        return serve(ModelFiles.load(modelDirectory), backend);
    }

    /** The backend that trained the model when it is installed, otherwise the first installed one. */
    public static String preferredBackend(ModelFiles.SavedModel model) {
        Backends backends = Backends.installed();
        if (backends.names().isEmpty()) {
            throw new InvalidInputException("no Tailor backend is installed; put a backend module (tailor-backend-*) on the class path");
        }
        // A manifest may name no trainer; immutable lists throw on contains(null).
        return model.trainedOn() != null && backends.names().contains(model.trainedOn()) ? model.trainedOn() : backends.names().get(0);
    }

    /** A classifier for an already loaded model on the named backend, predicting as the model records (e.g. flip TTA). */
    public static Classifier serve(ModelFiles.SavedModel model, String backend) {
        return model.tta().apply(Backends.installed().named(backend).classifier(model.spec(), model.classNames(), model.weights()));
    }
}
