package dev.tailor.domain.augmentation;

import dev.tailor.domain.InvalidInputException;

/**
 * Random erasing (Zhong et al., 2020): with {@code probability}, a rectangle covering a share of the image drawn from
 * [{@code minArea}, {@code maxArea}], with an aspect ratio drawn log-uniformly from [{@code minAspect},
 * 1 / {@code minAspect}], is filled with random values (or zeros). The paper's defaults: 0.5, 0.02, 0.4, 0.3.
 */
public record RandomErasing(double probability, double minArea, double maxArea, double minAspect, Fill fill) {
    public static final RandomErasing ZHONG = new RandomErasing(0.5, 0.02, 0.4, 0.3, Fill.RANDOM);

    /** What the erased rectangle holds. */
    public enum Fill {
        /** Uniform values in [0, 1), drawn per pixel, as in the paper. */
        RANDOM,
        ZERO
    }

    public RandomErasing {
        if (!(probability > 0 && probability <= 1)) {
            throw new InvalidInputException("erase probability must be in (0, 1], got " + probability);
        }
        if (!(minArea > 0 && minArea <= maxArea && maxArea < 1)) {
            throw new InvalidInputException("erase area must be [min, max] with 0 < min <= max < 1, got [" + minArea + ", "
                    + maxArea + "]");
        }
        if (!(minAspect > 0 && minAspect <= 1)) {
            throw new InvalidInputException("erase minAspect must be in (0, 1] (the largest aspect is its inverse), got "
                    + minAspect);
        }
        if (fill == null) {
            throw new InvalidInputException("erase fill must be random or zero");
        }
    }
}
