package dev.tailor;

import dev.tailor.application.ServableModel;
import dev.tailor.application.service.Serving;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.ImageFiles;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point for embedding: open a trained model directory and classify images, with no CLI and no Guice.
 * Any installed backend can serve any model or ensemble, whichever backends trained it. The model is thread-safe;
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
     * Opens the model (or ensemble) on the backend that trained it when installed, otherwise on the preferred installed
     * backend.
     */
    public static Model open(Path modelDirectory) {
        ServableModel model = new FileModelStore().open(modelDirectory);
        return new Model(model, Serving.classifier(model, Serving.preferredBackend(model, Backends.installed())));
    }

    /** Opens the model (or ensemble) on the named backend. */
    public static Model open(Path modelDirectory, String backend) {
        ServableModel model = new FileModelStore().open(modelDirectory);
        return new Model(model, Serving.classifier(model, Backends.installed().named(backend)));
    }

    /**
     * An opened model: a {@link Classifier} that also knows how its training images were prepared, so that image files
     * reach it exactly as {@code tailor predict}, {@code tailor serve} and Spark prepare them (its input's size and
     * colour, and its inversion), whoever calls.
     */
    public static final class Model implements Classifier {
        private final ServableModel saved;
        private final Classifier classifier;

        private Model(ServableModel saved, Classifier classifier) {
            this.saved = saved;
            this.classifier = classifier;
        }

        /** Decodes the file, prepares it for the model and classifies it. */
        public Prediction classify(Path imageFile) {
            return predict(prepare(imageFile));
        }

        /** Decodes a PNG, JPEG, GIF or BMP file and prepares it as the model's training images were. */
        public Image prepare(Path imageFile) {
            return ImageFiles.read(imageFile, saved.input(), saved.inversion());
        }

        /** The same for an image's encoded bytes (an upload, say); {@code name} names it in errors. */
        public Image prepare(byte[] encoded, String name) {
            return ImageFiles.decode(encoded, name, saved.input(), saved.inversion());
        }

        /** Whether dark-on-light images are inverted to the light-on-dark of the training images. */
        public Preprocessing.Inversion inversion() {
            return saved.inversion();
        }

        @Override
        public List<String> classNames() {
            return classifier.classNames();
        }

        @Override
        public ImageShape input() {
            return classifier.input();
        }

        @Override
        public List<Prediction> predict(Images images) {
            return classifier.predict(images);
        }

        @Override
        public void close() {
            classifier.close();
        }
    }
}
