package dev.tailor.application;

import dev.tailor.domain.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the data is and how much of it to use.
 *
 * @param directory  the Fashion-MNIST directory; empty means {@code $TAILOR_DATA}, then the Debian package's
 * @param trainLimit use only the first N training images
 * @param testLimit  use only the first N test images
 */
public record DataSettings(Optional<Path> directory, OptionalInt trainLimit, OptionalInt testLimit) {
    public static final DataSettings DEFAULT = new DataSettings(Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

    public DataSettings {
        requirePositive("trainLimit", trainLimit);
        requirePositive("testLimit", testLimit);
    }

    private static void requirePositive(String field, OptionalInt limit) {
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new InvalidInputException(field + " must be at least 1 when given, got " + limit.getAsInt());
        }
    }

    public DataSettings withDirectory(Path value) {
        return new DataSettings(Optional.of(value), trainLimit, testLimit);
    }

    public DataSettings withTrainLimit(int value) {
        return new DataSettings(directory, OptionalInt.of(value), testLimit);
    }

    public DataSettings withTestLimit(int value) {
        return new DataSettings(directory, trainLimit, OptionalInt.of(value));
    }
}
