package dev.tailor.cli;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;

/** An image shape as the command line spells it: {@code CxHxW}, e.g. {@code 3x64x64}. */
final class ImageShapes {
    private ImageShapes() {
    }

    static ImageShape parse(String text, String option) {
        String[] parts = text.trim().split("x");
        if (parts.length == 3) {
            try {
                int channels = Integer.parseInt(parts[0]);
                int height = Integer.parseInt(parts[1]);
                int width = Integer.parseInt(parts[2]);
                if (channels >= 1 && height >= 1 && width >= 1) {
                    return new ImageShape(channels, height, width);
                }
            } catch (NumberFormatException notANumber) {
                // Reported below, with the rest.
            }
        }
        throw new InvalidInputException(option + ": expected channels x height x width, such as 3x64x64, got '" + text + "'");
    }
}
