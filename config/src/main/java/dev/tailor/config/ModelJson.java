package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.layer.Layer;
import java.util.List;

/** Either {@code {"preset":"seed-cnn"}} or {@code {"name":..., "input":[c,h,w], "layers":[...]}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelJson(String preset, String name, List<Integer> input, List<Layer> layers) implements JsonForm<ModelSpec> {
    @Override
    public ModelSpec toDomain() {
        if (preset != null) {
            if (input != null || layers != null) {
                throw new InvalidSpecException("give either preset or input and layers, not both");
            }
            return ModelPresets.named(preset);
        }
        if (input == null || layers == null) {
            throw new InvalidSpecException("a model needs either preset (one of: " + String.join(", ", ModelPresets.names())
                    + ") or both input ([channels, height, width]) and layers");
        }
        if (input.size() != 3 || input.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidSpecException("input must be [channels, height, width], got " + input);
        }
        return new ModelSpec(name == null ? "custom" : name, new ImageShape(input.get(0), input.get(1), input.get(2)),
                layers);
    }

    /** The full form, so a written config reproduces the run even if presets change. */
    static ModelJson from(ModelSpec spec) {
        ImageShape in = spec.input();
        return new ModelJson(null, spec.name(), List.of(in.channels(), in.height(), in.width()),
                spec.layers());
    }
}
