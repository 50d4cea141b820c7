package dev.tailor.config;

import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.Map;

/** Adapter: model directories (manifest.json, weights.safetensors) and ensembles of them, as {@link ModelFiles} reads them. */
public final class FileModelStore implements ModelStore {
    @Override
    public ServableModel open(Path directory) {
        return ModelFiles.open(directory);
    }

    @Override
    public SavedModel load(Path directory) {
        return ModelFiles.load(directory);
    }

    @Override
    public String weightsSha256(Path directory) {
        return ModelFiles.weightsSha256(directory);
    }

    @Override
    public Map<String, String> exportMetadata(Path directory, ServableModel model) {
        return ModelFiles.exportMetadata(directory, model);
    }

    @Override
    public Weights readWeights(Path modelOrFile, ModelSpec spec) {
        return ModelFiles.readWeights(modelOrFile, spec);
    }

    @Override
    public void exportWeights(Path file, SavedModel model) {
        ModelFiles.exportWeights(file, model);
    }
}
