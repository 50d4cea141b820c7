package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a sweep tries: for each config path (dot-separated, as in the JSON file, e.g.
 * {@code training.optimizer.learningRate}) the values to try, each as JSON text. Every combination is one trial.
 */
public record SweepGrid(List<Axis> axes) {

    /** One swept setting and its values, in the order given. */
    public record Axis(String path, List<String> values) {
        public Axis {
            values = List.copyOf(values);
        }

        /** The setting's last name, for tables and directory names: {@code learningRate}. */
        public String name() {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }

    public SweepGrid {
        axes = List.copyOf(axes);
    }

    /** Parses {@code {"path": [values...], ...}}; {@code source} names the text in errors (e.g. {@code --grid}). */
    public static SweepGrid parse(String json, String source) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        String expected = "; expected an object of config paths to arrays of values, e.g. "
                + "{\"training.optimizer.learningRate\": [0.001, 0.003], \"training.batchSize\": [32, 64]}";
        if (tree == null || !tree.isObject() || tree.isEmpty()) {
            throw new InvalidInputException(source + ": " + (tree == null ? "empty" : "not a non-empty object") + expected);
        }
        List<Axis> axes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray() || field.getValue().isEmpty()) {
                throw new InvalidInputException(source + ": " + field.getKey() + " must list at least one value" + expected);
            }
            List<String> values = new ArrayList<>();
            field.getValue().forEach(v -> values.add(v.toString()));
            axes.add(new Axis(field.getKey(), values));
        }
        return new SweepGrid(axes);
    }

    /** Every combination, the first axis changing slowest: path to JSON value. */
    public List<Map<String, String>> combinations() {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : all) {
                for (String value : axis.values()) {
                    Map<String, String> more = new LinkedHashMap<>(partial);
                    more.put(axis.path(), value);
                    next.add(more);
                }
            }
            all = next;
        }
        return all;
    }

    /**
     * {@code base} with the given settings: set in its JSON form, then read back and validated like a config file, so a
     * bad value fails with the path at fault. {@code source} names the settings in errors.
     */
    public static TailorConfig apply(TailorConfig base, Map<String, String> settings, String source) {
        ObjectNode root = Json.MAPPER.valueToTree(ConfigJson.from(base));
        try {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                String[] names = setting.getKey().split("\\.");
                ObjectNode parent = root;
                for (int i = 0; i < names.length - 1; i++) {
                    JsonNode child = parent.get(names[i]);
                    if (child == null || child.isNull()) {
                        child = parent.putObject(names[i]);
                    }
                    if (!child.isObject()) {
                        throw new InvalidInputException(source + ": " + setting.getKey() + ": " + names[i]
                                + " is not an object in the config, so it has no field " + names[i + 1]);
                    }
                    parent = (ObjectNode) child;
                }
                parent.set(names[names.length - 1], Json.MAPPER.readTree(setting.getValue()));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": " + e.getOriginalMessage());
        }
        try {
            return ConfigFiles.parse(root.toString(), source);
        } catch (ConfigException e) {
            // Line and column point into JSON built here, not into anything the user wrote; the JSON path says it all.
            throw new ConfigException(e.getMessage().replaceFirst("line \\d+, column \\d+: ", ""));
        }
    }
}
