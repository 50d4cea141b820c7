package dev.tailor.domain.spi;

import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.MiniBatchTrainer;
import dev.tailor.domain.training.NetworkFactory;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.Trainer;
import java.util.List;
import java.util.Set;

/**
 * What every engine that trains has in common: a name, a rank, and one stateless {@link NetworkFactory} that builds
 * both its networks under training and its classifiers, trained by the shared {@link MiniBatchTrainer}. An engine adds
 * only what is its own: its description, its thread set-up and its own reading of the layers' shapes.
 */
public abstract class EngineBackend implements TrainingBackend {
    private final String name;
    private final int preference;
    private final NetworkFactory networks;

    protected EngineBackend(String name, int preference, NetworkFactory networks) {
        this.name = name;
        this.preference = preference;
        this.networks = networks;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int preference() {
        return preference;
    }

    @Override
    public final Trainer trainer() {
        return new MiniBatchTrainer(name, this::engine, networks);
    }

    @Override
    public final Set<Precision> precisions() {
        return networks.precisions();
    }

    @Override
    public final NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
        return networks.classifier(spec, classNames, weights);
    }
}
