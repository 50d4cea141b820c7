package dev.tailor.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerReader;
import dev.tailor.domain.model.layer.LayerType;
import java.util.List;

/**
 * The JSON Schema of every layer type, taken from the layer types themselves: each is read once by a reader that notes
 * which fields it asks for and of what kind (and answers with harmless values), so the schema lists exactly what the
 * config reader accepts.
 */
final class LayerSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LayerSchema() {
    }

    /** One schema per layer type, told apart by {@code type}. */
    static ObjectNode oneOfByType() {
        ObjectNode schema = NODES.objectNode();
        ArrayNode oneOf = schema.putArray("oneOf");
        for (LayerType type : LayerType.all()) {
            ObjectNode variant = NODES.objectNode().put("type", "object");
            ObjectNode properties = variant.putObject("properties");
            properties.set("type", NODES.objectNode().put("const", type.name()));
            type.read(new Recorder(properties));
            variant.put("additionalProperties", false);
            variant.putArray("required").add("type");
            oneOf.add(variant);
        }
        return schema;
    }

    /** Notes each field's JSON type; every field may be null, which means its default (or, for a required one, an error). */
    private record Recorder(ObjectNode properties) implements LayerReader {
        /** Large enough for every layer's checks (classes above 1, an odd kernel), small enough for any window. */
        private static final int ANY_INTEGER = 3;

        @Override
        public int integer(String field) {
            properties.set(field, ConfigSchema.nullableType("integer"));
            return ANY_INTEGER;
        }

        @Override
        public int integer(String field, int orElse) {
            properties.set(field, ConfigSchema.nullableType("integer"));
            return orElse;
        }

        @Override
        public double number(String field) {
            properties.set(field, ConfigSchema.nullableType("number"));
            return 0.5;
        }

        @Override
        public double number(String field, double orElse) {
            properties.set(field, ConfigSchema.nullableType("number"));
            return orElse;
        }

        @Override
        public boolean bool(String field, boolean orElse) {
            properties.set(field, ConfigSchema.nullableType("boolean"));
            return orElse;
        }

        @Override
        public List<Double> numbers(String field) {
            ObjectNode list = ConfigSchema.nullableType("array");
            list.set("items", NODES.objectNode().put("type", "number"));
            properties.set(field, list);
            return List.of(0.5);
        }

        @Override
        public Activation activation(String field) {
            properties.set(field, ConfigSchema.nullableType("string"));
            return Activation.RELU;
        }

        @Override
        public Activation activation(String field, Activation orElse) {
            properties.set(field, ConfigSchema.nullableType("string"));
            return orElse;
        }

        @Override
        public Padding padding(String field, Padding orElse) {
            properties.set(field, ConfigSchema.nullableType("integer", "string"));
            return orElse;
        }

        @Override
        public List<Layer> layers(String field) {
            ObjectNode list = ConfigSchema.nullableType("array");
            list.set("items", NODES.objectNode().put("$ref", "#/$defs/Layer"));
            properties.set(field, list);
            return List.of(new Flatten());
        }
    }
}
