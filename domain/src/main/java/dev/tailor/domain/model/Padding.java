package dev.tailor.domain.model;

/**
 * Zeros added around a convolution's input: Keras' {@code valid} (none) and {@code same} (keep the size; stride 1
 * and an odd kernel only, where it is symmetric and so identical in every engine), or an explicit count on each side,
 * PyTorch's meaning of {@code padding=1}.
 */
public record Padding(Rule rule, int zeros) {
    public enum Rule { VALID, SAME, ZEROS }

    public static final Padding VALID = new Padding(Rule.VALID, 0);
    public static final Padding SAME = new Padding(Rule.SAME, 0);

    public Padding {
        if (zeros < 0 || (rule != Rule.ZEROS && zeros != 0)) {
            throw new InvalidSpecException("padding must be valid, same or a number of zeros (0 or more), got " + zeros);
        }
    }

    public static Padding zeros(int count) {
        return new Padding(Rule.ZEROS, count);
    }

    public static Padding fromId(String id) {
        return switch (id) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new InvalidSpecException("unknown padding '" + id + "'; expected valid, same or a number of zeros");
        };
    }

    /** Zeros on each side for a square kernel of this size. */
    public int size(int kernel) {
        return switch (rule) {
            case VALID -> 0;
            case SAME -> (kernel - 1) / 2;
            case ZEROS -> zeros;
        };
    }

    @Override
    public String toString() {
        return switch (rule) {
            case VALID -> "valid";
            case SAME -> "same";
            case ZEROS -> String.valueOf(zeros);
        };
    }
}
