package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.model.InvalidSpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads config files into validated {@link TailorConfig}s, and writes them back as JSON. */
public final class ConfigFiles {
    /** A config is a few KiB; a megabyte is surely a wrong file. */
    private static final long MAX_BYTES = 1 << 20;
    private static final Map<Class<?>, String> EXPECTED = Map.of(
            Integer.class, "an integer", Long.class, "an integer", Double.class, "a number", String.class, "a string",
            List.class, "an array");

    private ConfigFiles() {
    }

    /** Reads and validates {@code file}; any problem is a {@link ConfigException} naming the file and the place. */
    public static TailorConfig read(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException(file + ": config file not found");
        }
        return parse(TextFiles.read(file, MAX_BYTES, ConfigException::new), file.toString());
    }

    /** Parses config text; {@code source} names it in errors. */
    public static TailorConfig parse(String text, String source) {
        String json = TextFiles.withoutByteOrderMark(text);
        if (json.isBlank()) {
            throw new ConfigException(source + ": the file is empty; expected a JSON object such as {\"training\": {\"epochs\": 5}}");
        }
        try {
            return Json.MAPPER.readValue(json, ConfigJson.class).toDomain();
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + where(e, json) + problem(e));
        }
    }

    /** The resolved config as JSON, every value spelled out, the model in full. */
    public static String toJson(TailorConfig config) {
        try {
            return Json.MAPPER.writeValueAsString(ConfigJson.from(config)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Line, column and JSON path of the problem. Jackson reports mapping errors where its parser stopped (often the
     * end of the enclosing object), so the path is looked up in the text to point at the field itself. A spec error
     * found in a layer extends the path down to that layer.
     */
    private static String where(JsonProcessingException e, String json) {
        JsonLocation at = e.getLocation();
        List<Object> segments = new ArrayList<>();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    segments.add(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    segments.add(ref.getIndex());
                }
            }
        }
        String layerType = "";
        if (e.getCause() instanceof InvalidSpecException spec && !spec.layerPath().isEmpty()) {
            for (int index : spec.layerPath()) {
                segments.add("layers");
                segments.add(index);
            }
            layerType = " (" + spec.layerType() + ")";
        }
        if (segments.isEmpty()) {
            return at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        }
        at = locate(json, pointer(segments)).orElse(at);
        return (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ") + path(segments) + layerType + ": ";
    }

    /** Where the value at {@code pointer} starts in the text: its field name, or its first token in an array. */
    private static Optional<JsonLocation> locate(String json, JsonPointer pointer) {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean arrayElement = parser.getParsingContext().getParent() != null
                        && parser.getParsingContext().getParent().inArray() && token.isStructStart();
                JsonPointer here = arrayElement ? parser.getParsingContext().getParent().pathAsPointer()
                        : parser.getParsingContext().pathAsPointer();
                if ((token == JsonToken.FIELD_NAME || arrayElement || token.isScalarValue()) && here.equals(pointer)) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
        } catch (IOException malformedLater) {
            // The text broke after the mapping error; fall back to Jackson's own location.
        }
        return Optional.empty();
    }

    private static JsonPointer pointer(List<Object> segments) {
        JsonPointer pointer = JsonPointer.empty();
        for (Object segment : segments) {
            pointer = segment instanceof Integer index ? pointer.appendIndex(index) : pointer.appendProperty(segment.toString());
        }
        return pointer;
    }

    private static String path(List<Object> segments) {
        StringBuilder path = new StringBuilder("$");
        for (Object segment : segments) {
            path.append(segment instanceof Integer index ? "[" + index + "]" : "." + segment);
        }
        return path.toString();
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'; expected one of: " + names(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidTypeIdException t) {
            String expected = typeNames(t.getBaseType().getRawClass());
            return t.getTypeId() == null
                    ? "missing field 'type'; expected one of: " + expected
                    : "unknown type '" + t.getTypeId() + "'; expected one of: " + expected;
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof InvalidSpecException cause
                && !cause.layerPath().isEmpty()) {
            return cause.problem();
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof TailorException cause) {
            return cause.getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Trailing token")) {
            // Jackson has no type for this case, and its parser is already released: asking it for the token fails.
            return "unexpected text after the end of the JSON object";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + expected(m.getTargetType()) + found(m);
        }
        if (e instanceof JsonMappingException) {
            return e.getOriginalMessage();
        }
        return "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    /** The {@code type} names a polymorphic part of the file accepts, as its {@link JsonSubTypes} declare them. */
    private static String typeNames(Class<?> base) {
        JsonSubTypes types = base.getAnnotation(JsonSubTypes.class);
        return types == null ? "?" : Arrays.stream(types.value()).map(JsonSubTypes.Type::name).collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        return EXPECTED.getOrDefault(type, type.isRecord() || type.isInterface() ? "an object" : type.getSimpleName());
    }

    private static String found(MismatchedInputException m) {
        if (m.getProcessor() instanceof JsonParser parser) {
            try {
                String text = parser.getText();
                if (text != null) {
                    return switch (parser.currentToken()) {
                        case VALUE_STRING -> ", got \"" + text + "\"";
                        case START_OBJECT -> ", got an object";
                        case START_ARRAY -> ", got an array";
                        default -> ", got " + text;
                    };
                }
            } catch (IOException ignored) {
                // No token text to show; the expectation alone still says what is wrong.
            }
        }
        return "";
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
    }
}
