package dev.tailor.config;

import dev.tailor.application.DataSettings;
import dev.tailor.application.RunData;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Adapter: the Fashion-MNIST IDX files, found as the settings say (their directory, else {@code $TAILOR_DATA}, else the
 * Debian package's), limits applied.
 */
public final class FashionMnistSource implements DatasetSource {
    private final Map<String, String> environment;

    /** With this process's environment. */
    public FashionMnistSource() {
        this(System.getenv());
    }

    public FashionMnistSource(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public RunData load(DataSettings settings) {
        DataLocation location = FashionMnist.locate(settings.directory(), environment);
        return new RunData(location,
                limited(FashionMnist.load(location.directory(), FashionMnist.Part.TRAIN), settings.trainLimit()),
                limited(FashionMnist.load(location.directory(), FashionMnist.Part.TEST), settings.testLimit()));
    }

    @Override
    public Dataset testSet(DataSettings settings) {
        DataLocation location = FashionMnist.locate(settings.directory(), environment);
        return limited(FashionMnist.load(location.directory(), FashionMnist.Part.TEST), settings.testLimit());
    }

    private static Dataset limited(Dataset data, OptionalInt limit) {
        return limit.isPresent() ? data.take(limit.getAsInt()) : data;
    }
}
