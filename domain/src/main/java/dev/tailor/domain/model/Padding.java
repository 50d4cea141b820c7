package dev.tailor.domain.model;

import java.util.Locale;

/** Convolution padding, with Keras' meaning: VALID adds none, SAME keeps ceil(input / stride). */
public enum Padding {
    VALID, SAME;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Padding fromId(String id) {
        for (Padding p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new InvalidSpecException("unknown padding '" + id + "'; expected valid or same");
    }
}
