package dev.tailor.domain.inference;

import dev.tailor.domain.Ids;

/** How a classifier predicts: from the image alone, or averaging it with its mirror image. */
public enum TestTimeAugmentation {
    NONE,
    /** The mean of the probabilities for the image and for its left-right mirror. */
    FLIP;

    public String id() {
        return Ids.lowerCase(this);
    }

    public static TestTimeAugmentation fromId(String id) {
        return Ids.parse(values(), TestTimeAugmentation::id, id, "tta");
    }

    /** {@code classifier}, predicting this way. */
    public NetworkClassifier apply(NetworkClassifier classifier) {
        return switch (this) {
            case NONE -> classifier;
            case FLIP -> new FlipAveragingClassifier(classifier);
        };
    }
}
