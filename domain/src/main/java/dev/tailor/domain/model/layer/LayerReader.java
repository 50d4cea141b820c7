package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.Padding;
import java.util.List;

/**
 * The fields of one layer as a config file gives them, read by name. A field asked for without a default is required;
 * a missing required field or a value of the wrong kind fails with the field's name and place in the file. The reader
 * remembers which fields were asked for, so a field nobody asked for is reported as unknown.
 */
public interface LayerReader {
    int integer(String field);

    int integer(String field, int orElse);

    double number(String field);

    double number(String field, double orElse);

    boolean bool(String field, boolean orElse);

    /** A required list of numbers, e.g. one per channel. */
    List<Double> numbers(String field);

    Activation activation(String field);

    Activation activation(String field, Activation orElse);

    /** {@code "valid"}, {@code "same"} or a number of zeros on each side. */
    Padding padding(String field, Padding orElse);

    /** A list of nested layers, each with its own type. */
    List<Layer> layers(String field);
}
