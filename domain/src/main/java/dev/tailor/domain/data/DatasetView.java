package dev.tailor.domain.data;

import dev.tailor.domain.model.ImageShape;
import java.util.List;

/** A reordering or subset of another dataset, by index; shares the source's pixels. */
final class DatasetView implements Dataset {
    private final Dataset source;
    private final int[] indices;

    DatasetView(Dataset source, int[] indices) {
        for (int index : indices) {
            if (index < 0 || index >= source.size()) {
                throw new IndexOutOfBoundsException("index " + index + " outside a dataset of " + source.size());
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    @Override
    public DataOrigin origin() {
        return source.origin();
    }

    @Override
    public ImageShape shape() {
        return source.shape();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public void copyPixels(int index, float[] target, int offset) {
        source.copyPixels(indices[index], target, offset);
    }
}
