package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.domain.model.layer.Layer;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * The JSON Schema (2020-12) of the config file, generated from the records Jackson reads it into, so it cannot drift
 * from what loads: every section, field and JSON type, and each layer, optimizer and schedule by its {@code type}.
 * What a value may be beyond its JSON type (a positive epoch count, a known activation) the loader checks and reports
 * with the place in the file. docs/tailor-config.schema.json is this output; a test keeps it so.
 */
public final class ConfigSchema {
    /** A name, not an address: Tailor has no public web home; point "$schema" at the file itself. */
    public static final String ID = "urn:dev.tailor:tailor-config:1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigSchema() {
    }

    public static String json() {
        ObjectNode root = objectSchema(ConfigJson.class);
        ObjectNode withHeader = NODES.objectNode();
        withHeader.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        withHeader.put("$id", ID);
        withHeader.put("title", "Tailor config");
        withHeader.put("description", "A training run: backend, data, model and training settings. Every field is optional; "
                + "what is left out takes the seed CNN notebook's value.");
        withHeader.setAll(root);
        ((ObjectNode) withHeader.get("properties")).set("$schema", NODES.objectNode().put("type", "string")
                .put("description", "This schema's address, for editors; ignored by Tailor."));
        ObjectNode defs = withHeader.putObject("$defs");
        defs.set("Layer", LayerSchema.oneOfByType());
        for (Class<?> polymorphic : List.of(OptimizerJson.class, ScheduleJson.class)) {
            defs.set(polymorphic.getSimpleName(), oneOfByType(polymorphic));
        }
        try {
            return Json.MAPPER.writeValueAsString(withHeader) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null is the same as leaving the field out. */
    static ObjectNode nullableType(String... types) {
        ArrayNode all = NODES.arrayNode();
        for (String type : types) {
            all.add(type);
        }
        return NODES.objectNode().set("type", all.add("null"));
    }

    private static ObjectNode objectSchema(Class<?> record) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), nullable(valueSchema(component.getGenericType())));
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** Null is the same as leaving the field out: written configs say {@code "dir": null} for "the default". */
    private static ObjectNode nullable(ObjectNode schema) {
        if (schema.has("oneOf")) {
            ((ArrayNode) schema.get("oneOf")).add(NODES.objectNode().put("type", "null"));
            return schema;
        }
        if (schema.has("$ref")) {
            ObjectNode either = NODES.objectNode();
            either.putArray("anyOf").add(schema).add(NODES.objectNode().put("type", "null"));
            return either;
        }
        ArrayNode types = NODES.arrayNode();
        if (schema.get("type").isArray()) {
            types.addAll((ArrayNode) schema.get("type"));
        } else {
            types.add(schema.get("type").asText());
        }
        schema.set("type", types.add("null"));
        return schema;
    }

    private static ObjectNode valueSchema(Type type) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return NODES.objectNode().put("type", "array").set("items", valueSchema(list.getActualTypeArguments()[0]));
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalStateException("no schema for " + type);
        }
        if (c == String.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (c == Integer.class || c == Long.class) {
            return NODES.objectNode().put("type", "integer");
        }
        if (c == Double.class) {
            return NODES.objectNode().put("type", "number");
        }
        if (c == Boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (c == ConfigJson.FreezeJson.class) {
            ObjectNode either = NODES.objectNode();
            either.putArray("oneOf").add(NODES.objectNode().set("enum", NODES.arrayNode().add("all-but-head").add("none")))
                    .add(NODES.objectNode().put("type", "array").set("items", NODES.objectNode().put("type", "string")));
            return either;
        }
        if (c == Object.class) {
            // A field read as either a number or a word, e.g. a convolution's padding: 1 or "same".
            ObjectNode either = NODES.objectNode();
            either.putArray("type").add("integer").add("string");
            return either;
        }
        if (c.isAnnotationPresent(JsonSubTypes.class)) {
            return NODES.objectNode().put("$ref", "#/$defs/" + c.getSimpleName());
        }
        if (c == Layer.class) {
            return NODES.objectNode().put("$ref", "#/$defs/Layer");
        }
        if (c.isRecord()) {
            return objectSchema(c);
        }
        throw new IllegalStateException("no schema for " + c);
    }

    /** One schema per subtype, told apart by the value of the type property. */
    private static ObjectNode oneOfByType(Class<?> base) {
        String property = base.getAnnotation(JsonTypeInfo.class).property();
        // Jackson reads an object without the type property as defaultImpl (an optimizer is Adam unless it says).
        Class<?> readWithoutType = base.getAnnotation(JsonTypeInfo.class).defaultImpl();
        ObjectNode schema = NODES.objectNode();
        ArrayNode oneOf = schema.putArray("oneOf");
        for (JsonSubTypes.Type subtype : base.getAnnotation(JsonSubTypes.class).value()) {
            ObjectNode variant = objectSchema(subtype.value());
            ObjectNode properties = (ObjectNode) variant.get("properties");
            ObjectNode withType = NODES.objectNode();
            withType.set(property, NODES.objectNode().put("const", subtype.name()));
            withType.setAll(properties);
            variant.set("properties", withType);
            if (subtype.value() != readWithoutType) {
                variant.putArray("required").add(property);
            }
            oneOf.add(variant);
        }
        return schema;
    }
}
