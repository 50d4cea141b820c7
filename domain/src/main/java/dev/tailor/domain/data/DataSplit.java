package dev.tailor.domain.data;

/** A dataset divided into a part to train on and a part held out for validation. */
public record DataSplit(Dataset train, Dataset validation) {
}
