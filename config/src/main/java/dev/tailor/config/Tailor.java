package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.EnsembleClassifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for embedding: load a trained model directory and classify images, with no CLI and no Guice.
 * Any installed backend can serve any model or ensemble, whichever backends trained it. The classifier is thread-safe; close it
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

    /**
     * Loads the model (or ensemble) on the backend that trained it when installed, otherwise on the preferred installed
     * backend.
     */
    public static Classifier load(Path modelDirectory) {
        ServableModel model = ModelFiles.open(modelDirectory);
        return serve(model, preferredBackend(model));
    }

    /** Loads the model (or ensemble) on the named backend. */
    public static Classifier load(Path modelDirectory, String backend) {
        return serve(ModelFiles.open(modelDirectory), backend);
    }

    /** The backend that trained the model when it is installed, otherwise the preferred installed one. */
    public static String preferredBackend(ServableModel model) {
        Backends backends = Backends.installed();
        String trainedOn = model.accept(new ServableModel.Visitor<String>() {
            @Override
            public String single(ModelFiles.SavedModel single) {
                return single.trainedOn();
            }

            @Override
            public String ensemble(EnsembleFiles.SavedEnsemble ensemble) {
                return ensemble.members().get(0).trainedOn();
            }
        });
        // A manifest may name no trainer; immutable lists throw on contains(null).
        return trainedOn != null && backends.names().contains(trainedOn) ? trainedOn : backends.preferred().name();
    }

    /**
     * A classifier for an already loaded model on the named backend, predicting as the model records (e.g. flip TTA);
     * an ensemble serves every member on that backend and averages their probabilities.
     */
    public static Classifier serve(ServableModel model, String backend) {
        return model.accept(new ServableModel.Visitor<Classifier>() {
            @Override
            public Classifier single(ModelFiles.SavedModel single) {
                return serveNetwork(single, backend);
            }

            @Override
            public Classifier ensemble(EnsembleFiles.SavedEnsemble ensemble) {
                List<NetworkClassifier> members = new ArrayList<>();
                try {
                    for (ModelFiles.SavedModel member : ensemble.members()) {
                        members.add(serveNetwork(member, backend));
                    }
                } catch (RuntimeException e) {
                    members.forEach(Classifier::close);
                    throw e;
                }
                return new EnsembleClassifier(members);
            }
        });
    }

    /** One network on the named backend, with the test-time augmentation it was trained to use. */
    public static NetworkClassifier serveNetwork(ModelFiles.SavedModel model, String backend) {
        return model.tta().apply(Backends.installed().named(backend).classifier(model.spec(), model.classNames(), model.weights()));
    }
}
