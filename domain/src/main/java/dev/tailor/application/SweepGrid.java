package dev.tailor.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

    /** {@code learningRate=0.001, batchSize=32}: a combination's settings, short. */
    public static String label(Map<String, String> settings) {
        return settings.entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue().replace("\"", ""))
                .collect(Collectors.joining(", "));
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
}
