package dev.tailor.domain.spi;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.util.List;
import java.util.Map;

/**
 * A backend that also writes a trained model in a format other tools run (ONNX): what it serves, as a file. Found
 * through {@link Backends#exporter(String)}.
 */
public interface ExportingBackend extends Backend {
    /** The format's name on the command line, e.g. {@code onnx}. */
    String format();

    /**
     * The model in that format, ready to write to a file.
     *
     * @param metadata what the file should carry besides the network (class names, preprocessing, provenance)
     */
    byte[] export(ModelSpec spec, List<String> classNames, Weights weights, Map<String, String> metadata);
}
