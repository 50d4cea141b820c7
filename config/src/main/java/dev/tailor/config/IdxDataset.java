package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.model.ImageShape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a pair of IDX files (images and labels) into a {@link ByteDataset}, holding the original bytes. */
public final class IdxDataset {
    private IdxDataset() {
    }

    /**
     * Reads and checks both files: magic numbers, dimensions, completeness, matching counts and labels in range.
     * Every failure is an {@link InvalidInputException} naming the file and what is wrong with it.
     */
    public static ByteDataset read(Path imagesFile, Path labelsFile, List<String> classNames) {
        IdxFiles.ImageData images = IdxFiles.readImages(imagesFile);
        byte[] labels = IdxFiles.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new InvalidInputException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new InvalidInputException(labelsFile + ": label " + label + " at index " + i
                        + " is out of range; expected 0.." + (classNames.size() - 1) + " for " + classNames.size() + " classes");
            }
            classes[i] = label;
        }
        Map<String, String> sha256 = new LinkedHashMap<>();
        sha256.put(imagesFile.getFileName().toString(), Checksums.sha256(imagesFile));
        sha256.put(labelsFile.getFileName().toString(), Checksums.sha256(labelsFile));
        DataOrigin origin = new DataOrigin(imagesFile.toAbsolutePath().getParent().toString(), sha256);
        return new ByteDataset(new ImageShape(1, images.rows(), images.cols()), classNames, images.pixels(), classes, origin);
    }

    /** The largest label in a labels file, for naming classes when the files do not. */
    public static int largestLabel(Path labelsFile) {
        int largest = 0;
        for (byte label : IdxFiles.readLabels(labelsFile)) {
            largest = Math.max(largest, label & 0xFF);
        }
        return largest;
    }
}
