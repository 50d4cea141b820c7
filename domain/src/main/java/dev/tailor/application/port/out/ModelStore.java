package dev.tailor.application.port.out;

import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.Map;

/** Out-port: saved models and ensembles, read and checked: a damaged or modified one never loads. */
public interface ModelStore {
    /** A model or an ensemble, whichever {@code directory} holds. */
    ServableModel open(Path directory);

    /** A single model; an ensemble is refused, naming one of its members. */
    SavedModel load(Path directory);

    /** The SHA-256 of a model directory's weights file, as its manifest records it (checked when it was loaded). */
    String weightsSha256(Path directory);

    /**
     * What a file exported from the model or ensemble in {@code directory} (ONNX) should carry about it: name, class
     * names, preprocessing, the Tailor version, and each network's name, test-time augmentation and weights' SHA-256,
     * as text properties.
     */
    Map<String, String> exportMetadata(Path directory, ServableModel model);

    /** Starting weights for training: a model directory, or a bare weights file, that fits {@code spec}. */
    Weights readWeights(Path modelOrFile, ModelSpec spec);

    /** The weights alone, in a file any tool reads (safetensors, PyTorch's names and layouts). */
    void exportWeights(Path file, SavedModel model);
}
