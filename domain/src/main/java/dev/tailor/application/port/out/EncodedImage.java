package dev.tailor.application.port.out;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;

/**
 * An image still in its file format (PNG, JPEG, GIF, BMP), named for reports: a file, a request body, a table row.
 * Decoding may fail, which is why scoring a collection reports each one on its own.
 */
public interface EncodedImage {
    /** How results and errors name it: the file's path, a part's file name, a row key. */
    String name();

    /** Decoded and prepared as the files adapter does; throws {@link InvalidInputException} if it is not a readable image. */
    Image decode(ImageShape target, Preprocessing.Inversion inversion);

    /** Something that failed before it could be decoded (e.g. a directory that cannot be listed). */
    static EncodedImage unreadable(String name, String reason) {
        return new EncodedImage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Image decode(ImageShape target, Preprocessing.Inversion inversion) {
                throw new InvalidInputException(name + ": " + reason);
            }
        };
    }
}
