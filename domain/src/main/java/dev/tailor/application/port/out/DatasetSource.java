package dev.tailor.application.port.out;

import dev.tailor.application.DataSettings;
import dev.tailor.application.RunData;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ImageShape;

/**
 * Out-port: the images a run trains and is scored on, found as its settings say, limits applied, every image of the
 * model's {@code input} shape (converted as files are for prediction when the data's own shape differs).
 */
public interface DatasetSource {
    RunData load(DataSettings settings, ImageShape input);

    /** Only the test images, for work that trains nothing. */
    Dataset testSet(DataSettings settings, ImageShape input);
}
