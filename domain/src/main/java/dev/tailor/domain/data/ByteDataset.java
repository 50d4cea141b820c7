package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import java.util.List;

/**
 * Labelled images held as they are stored: one byte per channel value (0-255), read as value / 255. A float per value
 * would take four times the memory; 60,000 colour images of 64x64 hold 737 MB as bytes.
 */
public final class ByteDataset implements Dataset {
    private final ImageShape shape;
    private final List<String> classNames;
    private final byte[] pixels;
    private final int[] labels;
    private final DataOrigin origin;

    /**
     * @param pixels every image's channel planes, row by row, one image after another: labels.length x shape.size()
     * @param labels each image's class, an index into {@code classNames}
     */
    public ByteDataset(ImageShape shape, List<String> classNames, byte[] pixels, int[] labels, DataOrigin origin) {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new InvalidInputException(labels.length + " images of " + shape + " need " + (long) labels.length * shape.size()
                    + " bytes, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new InvalidInputException("label " + labels[i] + " of image " + i + " is no class of " + classNames.size());
            }
        }
        this.shape = shape;
        this.classNames = List.copyOf(classNames);
        this.pixels = pixels;
        this.labels = labels.clone();
        this.origin = origin;
    }

    /** Bytes a dataset of this many images of this shape holds. */
    public static long bytesFor(long images, ImageShape shape) {
        return images * shape.size();
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
        return labels[index];
    }

    @Override
    public void copyPixels(int index, float[] target, int offset) {
        int n = shape.size();
        int base = index * n;
        for (int i = 0; i < n; i++) {
            target[offset + i] = (pixels[base + i] & 0xFF) / 255f;
        }
    }

    /** The stored bytes of image {@code index}, channel planes row by row. */
    public byte[] bytes(int index) {
        int n = shape.size();
        byte[] out = new byte[n];
        System.arraycopy(pixels, index * n, out, 0, n);
        return out;
    }
}
