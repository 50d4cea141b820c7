package dev.tailor;

import dev.tailor.application.ServableModel;
import dev.tailor.application.service.Serving;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.ImageFiles;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point for embedding: load a trained model directory and classify images, with no CLI and no Guice.
 * Any installed backend can serve any model or ensemble, whichever backends trained it. The classifier is thread-safe;
 * close it to release the engine's native memory.
 *
 * <pre>{@code
 * try (Tailor.Model model = Tailor.open(Path.of("runs/photos/model"))) {
 *     Prediction p = model.classify(Path.of("shirt.jpg"));   // prepared as the model's training images were
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

    /**
     * A loaded model with what it records about its images, so that image files are prepared for it exactly as
     * {@code tailor predict} prepares them: its input's size and colour, and its inversion.
     */
    public record Model(ServableModel saved, Classifier classifier) implements AutoCloseable {
        /** Decodes the file, prepares it for the model and classifies it. */
        public Prediction classify(Path imageFile) {
            return classifier.predict(ImageFiles.read(imageFile, saved.input(), saved.inversion()));
        }

        public List<String> classNames() {
            return saved.classNames();
        }

        @Override
        public void close() {
            classifier.close();
        }
    }

    /** Opens the model (or ensemble) on the backend that trained it when installed, else the preferred installed one. */
    public static Model open(Path modelDirectory) {
        ServableModel model = new FileModelStore().open(modelDirectory);
        return new Model(model, Serving.classifier(model, Serving.preferredBackend(model, Backends.installed())));
    }
}
