package dev.tailor.application;

import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Preprocessing;

/**
 * The training and test images a config asks for, limits applied, where they were found, and how images must be
 * prepared to look like them (recorded in the model, so that predict prepares files exactly as training did).
 *
 * @param inversion {@link Preprocessing.Inversion#AUTO} for data drawn light on dark (Fashion-MNIST, IDX, CSV), whose
 *                  models invert photos on white; {@link Preprocessing.Inversion#NEVER} for images decoded from files
 */
public record RunData(DataLocation location, Dataset train, Dataset test, Preprocessing.Inversion inversion) {
    /** Fashion-MNIST-like data: light items on a dark background. */
    public RunData(DataLocation location, Dataset train, Dataset test) {
        this(location, train, test, Preprocessing.Inversion.AUTO);
    }
}
