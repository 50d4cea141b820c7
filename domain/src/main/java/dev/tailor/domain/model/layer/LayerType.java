package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.InvalidSpecException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of layer: its name in config files (e.g. {@code conv2d}), its Keras-style name for summaries, and how to read
 * one from a config's fields. Every layer record holds its type in a {@code public static final LayerType TYPE}; the
 * registry is the sealed {@link Layer} hierarchy itself, so a type's name is written once, in its own file.
 */
public record LayerType(String name, String displayName, Function<LayerReader, Layer> reader) {
    /** Every layer type, in the order {@link Layer} permits them. */
    public static List<LayerType> all() {
        return List.copyOf(Registry.ALL.values());
    }

    /** The type of this name; an unknown name fails, listing the known ones. */
    public static LayerType named(String name) {
        LayerType type = Registry.ALL.get(name);
        if (type == null) {
            throw new InvalidSpecException("unknown layer type '" + name + "'; expected one of: " + names());
        }
        return type;
    }

    /** {@code conv2d, maxPool2d, ...}, for messages. */
    public static String names() {
        return String.join(", ", Registry.ALL.keySet());
    }

    /** Reads a layer of this type from a config's fields. */
    public Layer read(LayerReader fields) {
        return reader.apply(fields);
    }

    /** Built on first use, after the layer records: each record's TYPE is made in its own class initialiser. */
    private static final class Registry {
        static final Map<String, LayerType> ALL = registry();
    }

    private static Map<String, LayerType> registry() {
        Map<String, LayerType> types = new LinkedHashMap<>();
        for (Class<?> layer : Layer.class.getPermittedSubclasses()) {
            LayerType type = typeOf(layer);
            if (types.put(type.name(), type) != null) {
                throw new IllegalStateException("two layer types named '" + type.name() + "'");
            }
        }
        return types;
    }

    private static LayerType typeOf(Class<?> layer) {
        try {
            Field field = layer.getField("TYPE");
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != LayerType.class) {
                throw new IllegalStateException(layer.getName() + ".TYPE must be a public static LayerType");
            }
            return (LayerType) field.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException(layer.getName() + " must declare public static final LayerType TYPE", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
