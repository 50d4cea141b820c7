package dev.tailor.domain.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Element-wise activation, after a convolution or dense layer, as a layer of its own, or after a residual sum. */
public enum Activation {
    RELU("relu"),
    /** max(x, 0.01 x), PyTorch's default slope. */
    LEAKY_RELU("leakyRelu"),
    TANH("tanh"),
    SIGMOID("sigmoid"),
    /** No activation: the identity. */
    LINEAR("linear");

    /** The negative slope of {@link #LEAKY_RELU}. */
    public static final double LEAKY_SLOPE = 0.01;

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Activation fromId(String id) {
        for (Activation a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new InvalidSpecException("unknown activation '" + id + "'; expected one of: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", "));
    }
}
