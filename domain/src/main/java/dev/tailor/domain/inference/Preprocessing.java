package dev.tailor.domain.inference;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.model.ImageShape;

/**
 * Turns a picture of any size and colour into what a Fashion-MNIST model expects, in four documented steps:
 * <ol>
 *   <li>grayscale: transparent pixels are laid over white, then luminance Y = 0.299 R + 0.587 G + 0.114 B, scaled to [0, 1];</li>
 *   <li>square: the shorter side is padded with the border's mean gray, so the item keeps its proportions;</li>
 *   <li>resize to the model's input size by area averaging (each output pixel is the mean of the area it covers);</li>
 *   <li>inversion: Fashion-MNIST items are light on a dark background. {@link Inversion#AUTO} inverts when the
 *       border is mostly light (mean above 0.5), as in an ordinary product photo on white.</li>
 * </ol>
 * A 28x28 grayscale image on a dark background passes through unchanged: pixel / 255, exactly as the IDX files are read.
 */
public final class Preprocessing {
    /** The longest side accepted: beyond any camera's, and it bounds the memory the square step needs. */
    public static final int MAX_SIDE = 20_000;

    public enum Inversion { AUTO, ALWAYS, NEVER }

    private Preprocessing() {
    }

    /** {@code argb} holds width x height pixels, row by row, as 0xAARRGGBB. */
    public static Image prepare(int width, int height, int[] argb, ImageShape target, Inversion inversion) {
        if (width < 1 || height < 1 || argb.length != (long) width * height) {
            throw new InvalidInputException("an image of " + width + "x" + height + " needs " + (long) width * height + " pixels");
        }
        if (Math.max(width, height) > MAX_SIDE) {
            throw new InvalidInputException("an image of " + width + "x" + height + " is longer than " + MAX_SIDE
                    + " pixels on a side");
        }
        float[] gray = grayscale(argb);
        float border = borderMean(gray, width, height);
        float[] resized = squareAndResize(gray, width, height, border, target.width(), target.height());
        boolean invert = inversion == Inversion.ALWAYS || (inversion == Inversion.AUTO && border > 0.5f);
        if (invert) {
            for (int i = 0; i < resized.length; i++) {
                resized[i] = 1f - resized[i];
            }
        }
        float[] pixels = new float[target.size()];
        for (int c = 0; c < target.channels(); c++) {
            System.arraycopy(resized, 0, pixels, c * resized.length, resized.length);
        }
        return new Image(target, pixels);
    }

    private static float[] grayscale(int[] argb) {
        float[] gray = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            int r = (p >> 16) & 0xFF;
            int g = (p >> 8) & 0xFF;
            int b = p & 0xFF;
            if (a == 255 && r == g && g == b) {
                gray[i] = r / 255f;  // Already gray: keep the exact value the IDX reader would produce.
                continue;
            }
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            double alpha = a / 255.0;
            gray[i] = (float) ((alpha * y + (1 - alpha) * 255) / 255);
        }
        return gray;
    }

    private static float borderMean(float[] gray, int width, int height) {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < width; x++) {
            sum += gray[x] + gray[(height - 1) * width + x];
            count += 2;
        }
        for (int y = 1; y < height - 1; y++) {
            sum += gray[y * width] + gray[y * width + width - 1];
            count += 2;
        }
        return (float) (sum / count);
    }

    /**
     * The image padded to a square with {@code fill}, then {@link #resize}d; the same numbers, but the padded square
     * is never held whole: each of its rows is built, resampled and dropped, and padding rows are resampled once.
     */
    private static float[] squareAndResize(float[] gray, int width, int height, float fill, int newWidth, int newHeight) {
        int side = Math.max(width, height);
        if (width == height) {
            return resize(gray, side, side, newWidth, newHeight);
        }
        int left = (side - width) / 2;
        int top = (side - height) / 2;
        float[] line = new float[side];
        java.util.Arrays.fill(line, fill);
        float[] fillRow = new float[newWidth];
        resample(line, 0, 1, side, fillRow, 0, 1, newWidth);
        float[] rows = new float[newWidth * side];
        for (int y = 0; y < side; y++) {
            if (y < top || y >= top + height) {
                System.arraycopy(fillRow, 0, rows, y * newWidth, newWidth);
                continue;
            }
            System.arraycopy(gray, (y - top) * width, line, left, width);
            resample(line, 0, 1, side, rows, y * newWidth, 1, newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            resample(rows, x, newWidth, side, out, x, newWidth, newHeight);
        }
        return out;
    }

    /** Area-averaging resize, done separably: rows first, then columns. */
    static float[] resize(float[] src, int width, int height, int newWidth, int newHeight) {
        if (width == newWidth && height == newHeight) {
            return src.clone();
        }
        float[] rows = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            resample(src, y * width, 1, width, rows, y * newWidth, 1, newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            resample(rows, x, newWidth, height, out, x, newWidth, newHeight);
        }
        return out;
    }

    /** One line of n samples (start, stride) averaged onto m samples: each output covers n/m inputs, partly at its ends. */
    private static void resample(float[] in, int inStart, int inStride, int n, float[] out, int outStart, int outStride, int m) {
        double scale = (double) n / m;
        for (int j = 0; j < m; j++) {
            double from = j * scale;
            double to = from + scale;
            double sum = 0;
            for (int i = (int) Math.floor(from); i < Math.min(n, (int) Math.ceil(to)); i++) {
                double overlap = Math.min(to, i + 1) - Math.max(from, i);
                sum += overlap * in[inStart + i * inStride];
            }
            out[outStart + j * outStride] = (float) (sum / scale);
        }
    }
}
