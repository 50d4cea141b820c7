package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.Padding;
import java.util.List;

/** Where a layer spells out its fields, in order, as a config file holds them; the same names its reader asks for. */
public interface LayerWriter {
    LayerWriter integer(String field, int value);

    LayerWriter number(String field, double value);

    LayerWriter bool(String field, boolean value);

    LayerWriter numbers(String field, List<Double> value);

    LayerWriter activation(String field, Activation value);

    LayerWriter padding(String field, Padding value);

    LayerWriter layers(String field, List<Layer> value);
}
