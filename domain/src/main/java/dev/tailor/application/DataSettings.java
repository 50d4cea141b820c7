package dev.tailor.application;

import dev.tailor.domain.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Where the data is and how much of it to use: Fashion-MNIST (the default), or the user's own images.
 *
 * @param directory      a Fashion-MNIST directory; with neither this nor {@code train}, {@code $TAILOR_DATA}, then the
 *                       Debian package's
 * @param train          the user's training images: a folder of class folders, a CSV file (label, then pixels) or a
 *                       directory holding one IDX images file and one IDX labels file
 * @param test           the test images, in any of those forms; or none with {@code testShare}. Alone (no
 *                       {@code train}), a test set for work that trains nothing, such as evaluating a model
 * @param testShare      the share of {@code train} held out as the test set, per class, seeded
 * @param classes        the class names of CSV and IDX data, by label; empty means the labels' numbers
 * @param skipUnreadable skip files of an image folder that cannot be decoded, counting them, instead of refusing
 * @param trainLimit     use only the first N training images
 * @param testLimit      use only the first N test images
 */
public record DataSettings(Optional<Path> directory, Optional<Path> train, Optional<Path> test, OptionalDouble testShare,
                           List<String> classes, boolean skipUnreadable, OptionalInt trainLimit, OptionalInt testLimit) {
    public static final DataSettings DEFAULT = new DataSettings(Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

    public DataSettings {
        classes = List.copyOf(classes);
        requirePositive("trainLimit", trainLimit);
        requirePositive("testLimit", testLimit);
        if (directory.isPresent() && (train.isPresent() || test.isPresent())) {
            throw new InvalidInputException("give either dir (Fashion-MNIST) or train and test (your own images), not both");
        }
        if (train.isEmpty() && testShare.isPresent()) {
            throw new InvalidInputException("testShare holds out part of train: give train too");
        }
        if (train.isEmpty() && test.isEmpty() && (!classes.isEmpty() || skipUnreadable)) {
            throw new InvalidInputException("classes and skipUnreadable describe your own images: give train (and test)");
        }
        if (test.isPresent() && testShare.isPresent()) {
            throw new InvalidInputException("give either test or testShare, not both");
        }
        if (train.isPresent() && test.isEmpty() && testShare.isEmpty()) {
            throw new InvalidInputException("train needs a test set: give test (a path) or testShare (e.g. 0.2)");
        }
        if (testShare.isPresent() && !(testShare.getAsDouble() > 0 && testShare.getAsDouble() < 1)) {
            throw new InvalidInputException("testShare is the share of train held out and must be in (0, 1), got "
                    + testShare.getAsDouble());
        }
        if (classes.stream().anyMatch(name -> name == null || name.isBlank())) {
            throw new InvalidInputException("class names must not be blank, got " + classes);
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new InvalidInputException("class names must differ from each other, got " + classes);
        }
    }

    /** Fashion-MNIST in {@code directory} (empty: found as the defaults say). */
    public DataSettings(Optional<Path> directory, OptionalInt trainLimit, OptionalInt testLimit) {
        this(directory, Optional.empty(), Optional.empty(), OptionalDouble.empty(), List.of(), false, trainLimit, testLimit);
    }

    /** The user's own images: {@code test} as a path, or held out from {@code train}. */
    public static DataSettings own(Path train, Optional<Path> test, OptionalDouble testShare) {
        return new DataSettings(Optional.empty(), Optional.of(train), test, testShare, List.of(), false, OptionalInt.empty(),
                OptionalInt.empty());
    }

    private static void requirePositive(String field, OptionalInt limit) {
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new InvalidInputException(field + " must be at least 1 when given, got " + limit.getAsInt());
        }
    }

    /** Whether these are the user's own images rather than Fashion-MNIST. */
    public boolean ownImages() {
        return train.isPresent() || test.isPresent();
    }

    /** Only a test set of the user's, its labels named by {@code classes} (a model's): to evaluate on. */
    public static DataSettings testOnly(Path test, List<String> classes) {
        return new DataSettings(Optional.empty(), Optional.empty(), Optional.of(test), OptionalDouble.empty(), classes, false,
                OptionalInt.empty(), OptionalInt.empty());
    }

    /** Fashion-MNIST from {@code value}; own images are replaced. */
    public DataSettings withDirectory(Path value) {
        return new DataSettings(Optional.of(value), Optional.empty(), Optional.empty(), OptionalDouble.empty(), List.of(), false,
                trainLimit, testLimit);
    }

    public DataSettings withClasses(List<String> value) {
        return new DataSettings(directory, train, test, testShare, value, skipUnreadable, trainLimit, testLimit);
    }

    public DataSettings withSkipUnreadable(boolean value) {
        return new DataSettings(directory, train, test, testShare, classes, value, trainLimit, testLimit);
    }

    public DataSettings withTrainLimit(int value) {
        return new DataSettings(directory, train, test, testShare, classes, skipUnreadable, OptionalInt.of(value), testLimit);
    }

    public DataSettings withTestLimit(int value) {
        return new DataSettings(directory, train, test, testShare, classes, skipUnreadable, trainLimit, OptionalInt.of(value));
    }
}
