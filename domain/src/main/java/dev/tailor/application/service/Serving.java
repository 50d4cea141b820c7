package dev.tailor.application.service;

import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.EnsembleClassifier;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import java.util.ArrayList;
import java.util.List;

/** Saved models served by a backend: any installed backend serves any model or ensemble, whichever trained it. */
public final class Serving {
    private Serving() {
    }

    /**
     * A classifier for a model on {@code backend}, predicting as the model records (e.g. flip TTA); an ensemble serves
     * every member on that backend and averages their probabilities.
     */
    public static Classifier classifier(ServableModel model, Backend backend) {
        return model.accept(new ServableModel.Visitor<Classifier>() {
            @Override
            public Classifier single(SavedModel single) {
                return network(single, backend);
            }

            @Override
            public Classifier ensemble(SavedEnsemble ensemble) {
                List<NetworkClassifier> members = new ArrayList<>();
                try {
                    for (SavedModel member : ensemble.members()) {
                        members.add(network(member, backend));
                    }
                } catch (RuntimeException e) {
                    members.forEach(Classifier::close);
                    throw e;
                }
                return new EnsembleClassifier(members);
            }
        });
    }

    /** One network on {@code backend}, with the test-time augmentation it was trained to use. */
    public static NetworkClassifier network(SavedModel model, Backend backend) {
        return model.tta().apply(backend.classifier(model.spec(), model.classNames(), model.weights()));
    }

    /** The backend that trained the model when it is installed, otherwise the preferred installed one. */
    public static Backend preferredBackend(ServableModel model, Backends backends) {
        String trainedOn = model.accept(new ServableModel.Visitor<String>() {
            @Override
            public String single(SavedModel single) {
                return single.trainedOn();
            }

            @Override
            public String ensemble(SavedEnsemble ensemble) {
                return ensemble.members().get(0).trainedOn();
            }
        });
        // A manifest may name no trainer; immutable lists throw on contains(null).
        return trainedOn != null && backends.names().contains(trainedOn) ? backends.named(trainedOn) : backends.preferred();
    }
}
