package dev.tailor.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Element-wise activation applied after a convolution or dense layer. */
public enum Activation {
    RELU, TANH, SIGMOID,
    /** No activation: the identity. */
    LINEAR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation fromId(String id) {
        for (Activation a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new InvalidSpecException("unknown activation '" + id + "'; expected one of: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", "));
    }
}
