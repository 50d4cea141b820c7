package dev.tailor.cli;

import dev.tailor.config.TailorConfig;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import jakarta.inject.Inject;
import java.util.OptionalInt;

/** The training and test sets the config asks for, limits applied. */
final class DataSets {
    private final DataLocation location;
    private final TailorConfig config;

    @Inject
    DataSets(DataLocation location, TailorConfig config) {
        this.location = location;
        this.config = config;
    }

    DataLocation location() {
        return location;
    }

    Dataset train() {
        return limited(FashionMnist.load(location.directory(), FashionMnist.Part.TRAIN), config.data().trainLimit());
    }

    Dataset test() {
        return limited(FashionMnist.load(location.directory(), FashionMnist.Part.TEST), config.data().testLimit());
    }

    private static Dataset limited(Dataset data, OptionalInt limit) {
        return limit.isPresent() ? data.take(limit.getAsInt()) : data;
    }
}
