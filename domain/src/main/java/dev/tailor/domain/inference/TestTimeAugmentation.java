package dev.tailor.domain.inference;

import dev.tailor.domain.InvalidInputException;
import java.util.Locale;

/** How a classifier predicts: from the image alone, or averaging it with its mirror image. */
public enum TestTimeAugmentation {
    NONE,
    /** The mean of the probabilities for the image and for its left-right mirror. */
    FLIP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TestTimeAugmentation fromId(String id) {
        for (TestTimeAugmentation t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new InvalidInputException("unknown tta '" + id + "'; expected none or flip");
    }

    /** {@code classifier}, predicting this way. */
    public NetworkClassifier apply(NetworkClassifier classifier) {
        return switch (this) {
            case NONE -> classifier;
            case FLIP -> new FlipAveragingClassifier(classifier);
        };
    }
}
