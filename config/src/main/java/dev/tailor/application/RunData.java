package dev.tailor.application;

import dev.tailor.config.TailorConfig;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import java.util.Map;
import java.util.OptionalInt;

/** The training and test images a config asks for, limits applied, and where they were found. */
public record RunData(DataLocation location, Dataset train, Dataset test) {

    /** Finds the data as the config says (its directory, else {@code $TAILOR_DATA}, else the Debian package's). */
    public static RunData load(TailorConfig config) {
        return load(config, System.getenv());
    }

    public static RunData load(TailorConfig config, Map<String, String> environment) {
        DataLocation location = FashionMnist.locate(config.data().directory(), environment);
        return new RunData(location,
                limited(FashionMnist.load(location.directory(), FashionMnist.Part.TRAIN), config.data().trainLimit()),
                limited(FashionMnist.load(location.directory(), FashionMnist.Part.TEST), config.data().testLimit()));
    }

    /** Only the test images, for work that trains nothing. */
    public static Dataset testSet(TailorConfig config) {
        DataLocation location = FashionMnist.locate(config.data().directory(), System.getenv());
        return limited(FashionMnist.load(location.directory(), FashionMnist.Part.TEST), config.data().testLimit());
    }

    private static Dataset limited(Dataset data, OptionalInt limit) {
        return limit.isPresent() ? data.take(limit.getAsInt()) : data;
    }
}
