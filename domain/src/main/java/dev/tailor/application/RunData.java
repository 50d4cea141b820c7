package dev.tailor.application;

import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;

/** The training and test images a config asks for, limits applied, and where they were found. */
public record RunData(DataLocation location, Dataset train, Dataset test) {
}
