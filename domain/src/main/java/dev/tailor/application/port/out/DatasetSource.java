package dev.tailor.application.port.out;

import dev.tailor.application.DataSettings;
import dev.tailor.application.RunData;
import dev.tailor.domain.data.Dataset;

/** Out-port: the images a run trains and is scored on, found as its settings say, limits applied. */
public interface DatasetSource {
    RunData load(DataSettings settings);

    /** Only the test images, for work that trains nothing. */
    Dataset testSet(DataSettings settings);
}
