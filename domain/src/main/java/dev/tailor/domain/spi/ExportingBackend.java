package dev.tailor.domain.spi;

import dev.tailor.domain.inference.NetworkAverage;
import java.util.Map;

/**
 * A backend that also writes a trained model in a format other tools run (ONNX): what it serves, as a file. Found
 * through {@link Backends#exporter(String)}.
 */
public interface ExportingBackend extends Backend {
    /** The format's name on the command line, e.g. {@code onnx}. */
    String format();

    /**
     * The model in that format, ready to write to a file: whole, as Tailor predicts with it (every network of an
     * ensemble, each with its test-time augmentation), so that the file answers as Tailor does.
     *
     * @param metadata what the file should carry besides the networks (class names, preprocessing, provenance)
     */
    byte[] export(NetworkAverage model, Map<String, String> metadata);
}
