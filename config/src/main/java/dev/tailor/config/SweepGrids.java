package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.application.SweepGrid.Axis;
import dev.tailor.application.SweepGrid;
import dev.tailor.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Sweep grids as written on the command line: a JSON object of config paths to arrays of values. */
public final class SweepGrids {
    private SweepGrids() {
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
}
