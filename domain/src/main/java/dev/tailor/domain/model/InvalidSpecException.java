package dev.tailor.domain.model;

import dev.tailor.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A model spec that cannot be built: every backend rejects it with this same error before touching an engine.
 * When the problem lies in a layer it carries that layer's position, outermost first ({@code [3, 1]} is the second
 * layer inside the fourth), so a config reader can point at the layer in the file.
 */
public class InvalidSpecException extends InvalidInputException {
    private final String problem;
    private final List<Integer> layerPath;
    private final String layerType;

    public InvalidSpecException(String problem) {
        this(problem, List.of(), null);
    }

    private InvalidSpecException(String problem, List<Integer> layerPath, String layerType) {
        super(layerPath.isEmpty() ? problem : location(layerPath) + " (" + layerType + "): " + problem);
        this.problem = problem;
        this.layerPath = List.copyOf(layerPath);
        this.layerType = layerType;
    }

    /** The same problem, located in layer {@code index} of the sequence that holds the layer it was found in. */
    public InvalidSpecException inLayer(int index, String type) {
        List<Integer> path = new ArrayList<>();
        path.add(index);
        path.addAll(layerPath);
        return new InvalidSpecException(problem, path, layerPath.isEmpty() ? type : layerType);
    }

    /** The problem without its location. */
    public String problem() {
        return problem;
    }

    /** Positions of the faulty layer, outermost first; empty when the spec as a whole is at fault. */
    public List<Integer> layerPath() {
        return layerPath;
    }

    /** The faulty layer's type, e.g. {@code conv2d}; null when the spec as a whole is at fault. */
    public String layerType() {
        return layerType;
    }

    private static String location(List<Integer> path) {
        StringBuilder text = new StringBuilder();
        for (int index : path) {
            text.append(text.length() == 0 ? "" : ".").append("layers[").append(index).append(']');
        }
        return text.toString();
    }
}
