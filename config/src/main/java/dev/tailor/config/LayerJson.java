package dev.tailor.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerReader;
import dev.tailor.domain.model.layer.LayerType;
import dev.tailor.domain.model.layer.LayerWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layers in config files, e.g. {@code {"type":"conv2d","filters":32,"kernel":3,"activation":"relu"}}: no layer is
 * named here. Each is read and written through its own {@link LayerType} reader and {@link Layer#write} writer, from
 * and to a JSON object; a problem is reported at its place in the file (the layer, or the field inside it).
 */
final class LayerJson {
    private LayerJson() {
    }

    /** Registers the reader and writer of {@link Layer} with a mapper. */
    static SimpleModule module() {
        return new SimpleModule("tailor-layers").addDeserializer(Layer.class, new Deserializer()).addSerializer(Layer.class, new Serializer());
    }

    private static final class Deserializer extends StdDeserializer<Layer> {
        Deserializer() {
            super(Layer.class);
        }

        @Override
        public Layer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return read(context.readTree(parser), parser);
        }
    }

    /** One layer from its JSON object; errors are JsonMappingExceptions located at the layer or at its field. */
    static Layer read(JsonNode node, JsonParser parser) throws JsonMappingException {
        if (node == null || !node.isObject()) {
            throw JsonMappingException.from(parser, "expected an object with a 'type', e.g. {\"type\": \"flatten\"}" + found(node));
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw JsonMappingException.from(parser, "missing field 'type'; expected one of: " + LayerType.names());
        }
        LayerType layerType;
        try {
            layerType = LayerType.named(type.asText());
        } catch (InvalidSpecException unknown) {
            throw JsonMappingException.from(parser, "unknown type '" + type.asText() + "'; expected one of: " + LayerType.names());
        }
        Fields fields = new Fields(node, parser);
        Layer layer;
        try {
            layer = layerType.read(fields);
        } catch (UncheckedMappingException e) {
            throw e.getCause();
        }
        fields.requireNoOthers(layerType);
        return layer;
    }

    /** A layer's fields, read from its JSON object; remembers what was asked for. */
    private static final class Fields implements LayerReader {
        private final JsonNode node;
        private final JsonParser parser;
        private final Set<String> asked = new TreeSet<>();

        Fields(JsonNode node, JsonParser parser) {
            this.node = node;
            this.parser = parser;
        }

        @Override
        public int integer(String field) {
            return integer(required(field, "an integer"), field);
        }

        @Override
        public int integer(String field, int orElse) {
            JsonNode value = optional(field);
            return value == null ? orElse : integer(value, field);
        }

        private int integer(JsonNode value, String field) {
            if (!value.isInt()) {
                throw mismatch(field, "an integer", value);
            }
            return value.intValue();
        }

        @Override
        public double number(String field) {
            return number(required(field, "a number"), field);
        }

        @Override
        public double number(String field, double orElse) {
            JsonNode value = optional(field);
            return value == null ? orElse : number(value, field);
        }

        private double number(JsonNode value, String field) {
            if (!value.isNumber()) {
                throw mismatch(field, "a number", value);
            }
            return value.doubleValue();
        }

        @Override
        public List<Double> numbers(String field) {
            JsonNode value = required(field, "a list of numbers");
            if (!value.isArray()) {
                throw mismatch(field, "a list of numbers", value);
            }
            List<Double> numbers = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isNumber()) {
                    throw mismatch(field, "a list of numbers", value);
                }
                numbers.add(element.doubleValue());
            }
            return numbers;
        }

        @Override
        public boolean bool(String field, boolean orElse) {
            JsonNode value = optional(field);
            if (value == null) {
                return orElse;
            }
            if (!value.isBoolean()) {
                throw mismatch(field, "true or false", value);
            }
            return value.booleanValue();
        }

        @Override
        public Activation activation(String field) {
            return activation(required(field, "one of: " + Activation.ids()), field);
        }

        @Override
        public Activation activation(String field, Activation orElse) {
            JsonNode value = optional(field);
            return value == null ? orElse : activation(value, field);
        }

        private Activation activation(JsonNode value, String field) {
            if (!value.isTextual()) {
                throw mismatch(field, "a string (one of: " + Activation.ids() + ")", value);
            }
            return Activation.fromId(value.textValue());
        }

        @Override
        public Padding padding(String field, Padding orElse) {
            JsonNode value = optional(field);
            if (value == null) {
                return orElse;
            }
            if (value.isTextual()) {
                return Padding.fromId(value.textValue());
            }
            if (value.isInt()) {
                return Padding.zeros(value.intValue());
            }
            throw new InvalidSpecException(field + " must be \"valid\", \"same\" or a number of zeros on each side, got " + value);
        }

        @Override
        public List<Layer> layers(String field) {
            JsonNode value = required(field, "a list of layers");
            if (!value.isArray()) {
                throw mismatch(field, "an array of layers", value);
            }
            List<Layer> layers = new ArrayList<>();
            Iterator<JsonNode> elements = value.elements();
            for (int i = 0; elements.hasNext(); i++) {
                try {
                    layers.add(read(elements.next(), parser));
                } catch (JsonMappingException e) {
                    throw new UncheckedMappingException(JsonMappingException.wrapWithPath(
                            JsonMappingException.wrapWithPath(e, null, i), null, field));
                } catch (RuntimeException e) {
                    throw new UncheckedMappingException(JsonMappingException.wrapWithPath(
                            JsonMappingException.wrapWithPath(e, null, i), null, field));
                }
            }
            return layers;
        }

        private JsonNode required(String field, String what) {
            JsonNode value = optional(field);
            if (value == null) {
                throw new InvalidSpecException(field + " is required (" + what + ")");
            }
            return value;
        }

        /** The value, or null when it is missing or null (null is the same as leaving the field out). */
        private JsonNode optional(String field) {
            asked.add(field);
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        private UncheckedMappingException mismatch(String field, String expected, JsonNode value) {
            JsonMappingException e = JsonMappingException.from(parser, "expected " + expected + found(value));
            e.prependPath(null, field);
            return new UncheckedMappingException(e);
        }

        void requireNoOthers(LayerType type) throws JsonMappingException {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.equals("type") && !asked.contains(name)) {
                    JsonMappingException e = JsonMappingException.from(parser, "unknown field '" + name + "'; expected one of: "
                            + (asked.isEmpty() ? "no fields (a " + type.name() + " has none)" : String.join(", ", asked)));
                    e.prependPath(null, name);
                    throw e;
                }
            }
        }
    }

    private static String found(JsonNode value) {
        if (value == null) {
            return "";
        }
        if (value.isTextual()) {
            return ", got \"" + value.textValue() + "\"";
        }
        return value.isObject() ? ", got an object" : value.isArray() ? ", got an array" : ", got " + value;
    }

    /** A located error crossing the domain's reader interface, which throws no checked exceptions. */
    private static final class UncheckedMappingException extends RuntimeException {
        UncheckedMappingException(JsonMappingException cause) {
            super(cause);
        }

        @Override
        public synchronized JsonMappingException getCause() {
            return (JsonMappingException) super.getCause();
        }
    }

    private static final class Serializer extends StdSerializer<Layer> {
        Serializer() {
            super(Layer.class);
        }

        @Override
        public void serialize(Layer layer, JsonGenerator out, SerializerProvider provider) throws IOException {
            write(layer, out);
        }
    }

    /** {@code {"type": ..., every field}}, in the layer's own order. */
    private static void write(Layer layer, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", layer.type());
        try {
            layer.write(new Writer(out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.writeEndObject();
    }

    private record Writer(JsonGenerator out) implements LayerWriter {
        @Override
        public LayerWriter integer(String field, int value) {
            return write(() -> out.writeNumberField(field, value));
        }

        @Override
        public LayerWriter number(String field, double value) {
            return write(() -> out.writeNumberField(field, value));
        }

        @Override
        public LayerWriter bool(String field, boolean value) {
            return write(() -> out.writeBooleanField(field, value));
        }

        @Override
        public LayerWriter numbers(String field, List<Double> value) {
            return write(() -> {
                out.writeArrayFieldStart(field);
                for (double number : value) {
                    out.writeNumber(number);
                }
                out.writeEndArray();
            });
        }

        @Override
        public LayerWriter activation(String field, Activation value) {
            return write(() -> out.writeStringField(field, value.id()));
        }

        @Override
        public LayerWriter padding(String field, Padding value) {
            return write(() -> {
                switch (value.rule()) {
                    case VALID, SAME -> out.writeStringField(field, value.toString());
                    case ZEROS -> out.writeNumberField(field, value.zeros());
                }
            });
        }

        @Override
        public LayerWriter layers(String field, List<Layer> value) {
            return write(() -> {
                out.writeArrayFieldStart(field);
                for (Layer layer : value) {
                    LayerJson.write(layer, out);
                }
                out.writeEndArray();
            });
        }

        private LayerWriter write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
