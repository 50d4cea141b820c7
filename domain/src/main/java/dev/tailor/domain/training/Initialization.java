package dev.tailor.domain.training;

import dev.tailor.domain.Ids;

/** Where a network's starting weights come from when none are given. */
public enum Initialization {
    /** Keras' Glorot-uniform, drawn by Tailor from the seed: identical on every backend. */
    GLOROT,
    /** PyTorch's default for convolutions and dense layers (uniform in +-1/sqrt(fan-in)), drawn by Tailor from the seed. */
    PYTORCH,
    /** Each engine's own default initialiser and random generator, seeded: what a user of that engine would get. */
    ENGINE;

    /** Whether Tailor draws the weights itself, so that every backend starts from the same ones. */
    public boolean drawnByTailor() {
        return this != ENGINE;
    }

    public String id() {
        return Ids.lowerCase(this);
    }

    public static Initialization fromId(String id) {
        return Ids.parse(values(), Initialization::id, id, "init");
    }
}
