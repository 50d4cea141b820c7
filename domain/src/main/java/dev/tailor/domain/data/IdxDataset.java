package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset read from a pair of IDX files (images and labels), held in memory as the original bytes and
 * normalised to [0, 1] as pixels are read.
 */
public final class IdxDataset implements Dataset {
    private final ImageShape shape;
    private final List<String> classNames;
    private final byte[] pixels;
    private final byte[] labels;
    private final DataOrigin origin;

    private IdxDataset(ImageShape shape, List<String> classNames, byte[] pixels, byte[] labels, DataOrigin origin) {
        this.origin = origin;
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Reads and checks both files: magic numbers, dimensions, completeness, matching counts and labels in range.
     * Every failure is an {@link InvalidInputException} naming the file and what is wrong with it.
     */
    public static IdxDataset read(Path imagesFile, Path labelsFile, List<String> classNames) {
        IdxFiles.ImageData images = IdxFiles.readImages(imagesFile);
        byte[] labels = IdxFiles.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new InvalidInputException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new InvalidInputException(labelsFile + ": label " + label + " at index " + i
                        + " is out of range; expected 0.." + (classNames.size() - 1) + " for " + classNames.size() + " classes");
            }
        }
        Map<String, String> sha256 = new LinkedHashMap<>();
        sha256.put(imagesFile.getFileName().toString(), Checksums.sha256(imagesFile));
        sha256.put(labelsFile.getFileName().toString(), Checksums.sha256(labelsFile));
        DataOrigin origin = new DataOrigin(imagesFile.toAbsolutePath().getParent().toString(), sha256);
        return new IdxDataset(new ImageShape(1, images.rows(), images.cols()), classNames, images.pixels(), labels, origin);
    }

    @Override
    public DataOrigin origin() {
        return origin;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    @Override
    public void copyPixels(int index, float[] target, int offset) {
        int n = shape.size();
        int base = index * n;
        for (int i = 0; i < n; i++) {
            target[offset + i] = (pixels[base + i] & 0xFF) / 255f;
        }
    }
}
