package dev.tailor.domain.inference;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;

/**
 * What a saved model computes, whole: the mean of its networks' probabilities, each network predicting with its
 * test-time augmentation. A single model is one network; an ensemble is several. An exporter writes this, so that the
 * file answers as Tailor does.
 */
public record NetworkAverage(List<Network> networks) {
    /** One trained network and how it predicts. */
    public record Network(ModelSpec spec, Weights weights, TestTimeAugmentation tta) {
        public Network {
            weights.requireFits(spec);
        }
    }

    public NetworkAverage {
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new InvalidInputException("an average of networks needs at least one");
        }
        ImageShape input = networks.get(0).spec().input();
        int classes = networks.get(0).spec().classes();
        for (Network network : networks) {
            if (!network.spec().input().equals(input) || network.spec().classes() != classes) {
                throw new InvalidInputException("networks averaged together must share input and classes: " + network.spec().name()
                        + " takes " + network.spec().input() + " to " + network.spec().classes() + " classes, the first "
                        + input + " to " + classes);
            }
        }
    }

    /** One network predicting as it was trained to. */
    public static NetworkAverage of(ModelSpec spec, Weights weights, TestTimeAugmentation tta) {
        return new NetworkAverage(List.of(new Network(spec, weights, tta)));
    }

    public ImageShape input() {
        return networks.get(0).spec().input();
    }

    public int classes() {
        return networks.get(0).spec().classes();
    }
}
