package dev.tailor.domain.inference;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.model.ImageShape;

/**
 * Turns a picture of any size and colour into what a model's input expects ([C, H, W], C = 1 or 3), in five
 * documented steps, the same for training images decoded from files and for every image predicted (predict, serve,
 * evaluate, Spark, the embedding API), on every engine:
 * <ol>
 *   <li>channels: transparent pixels are laid over white; for one channel, luminance Y = 0.299 R + 0.587 G + 0.114 B,
 *       for three, R, G and B; scaled to [0, 1];</li>
 *   <li>fit: the image is padded to the input's aspect ratio with each channel's border mean, centred, so the item
 *       keeps its proportions (never stretched nor cropped);</li>
 *   <li>resize to the input's height and width by area averaging (each output pixel is the mean of the area it
 *       covers, so shrinking never skips pixels);</li>
 *   <li>inversion: Fashion-MNIST items are light on a dark background. {@link Inversion#AUTO} inverts when the
 *       border is mostly light (mean above 0.5), as in an ordinary product photo on white; models trained on photos
 *       record {@link Inversion#NEVER};</li>
 *   <li>8 bits: each value is rounded to a byte (value x 255), as training images are held, so a file gives the same
 *       numbers whether it is trained on or predicted.</li>
 * </ol>
 * A grayscale image of the input's size on a dark background passes through unchanged: pixel / 255, exactly as IDX
 * files are read.
 */
public final class Preprocessing {
    /** The longest side accepted: beyond any camera's, and it bounds the memory the fit step needs. */
    public static final int MAX_SIDE = 20_000;

    /** Whether to invert the values (1 - v): {@code auto} decides from the image's border. */
    public enum Inversion {
        AUTO, ALWAYS, NEVER;

        /** The name config files, manifests and the command line use: auto, always, never. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Inversion fromId(String id) {
            for (Inversion inversion : values()) {
                if (inversion.id().equals(id)) {
                    return inversion;
                }
            }
            throw new InvalidInputException("unknown inversion '" + id + "'; expected auto, always or never");
        }
    }

    private Preprocessing() {
    }

    /** {@code argb} holds width x height pixels, row by row, as 0xAARRGGBB. */
    public static Image prepare(int width, int height, int[] argb, ImageShape target, Inversion inversion) {
        byte[] bytes = prepareBytes(width, height, argb, target, inversion);
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xFF) / 255f;
        }
        return new Image(target, pixels);
    }

    /** The same as {@link #prepare}, as the bytes (channel planes, row by row) a dataset holds. */
    public static byte[] prepareBytes(int width, int height, int[] argb, ImageShape target, Inversion inversion) {
        if (width < 1 || height < 1 || argb.length != (long) width * height) {
            throw new InvalidInputException("an image of " + width + "x" + height + " needs " + (long) width * height + " pixels");
        }
        if (Math.max(width, height) > MAX_SIDE) {
            throw new InvalidInputException("an image of " + width + "x" + height + " is longer than " + MAX_SIDE
                    + " pixels on a side");
        }
        float[][] planes = channels(argb, target.channels());
        float[] borders = new float[planes.length];
        double borderMean = 0;
        for (int c = 0; c < planes.length; c++) {
            borders[c] = borderMean(planes[c], width, height);
            borderMean += borders[c] / planes.length;
        }
        boolean invert = inversion == Inversion.ALWAYS || (inversion == Inversion.AUTO && borderMean > 0.5);
        int plane = target.height() * target.width();
        byte[] out = new byte[target.size()];
        for (int c = 0; c < planes.length; c++) {
            float[] resized = fitAndResize(planes[c], width, height, borders[c], target.width(), target.height());
            for (int i = 0; i < plane; i++) {
                float v = invert ? 1f - resized[i] : resized[i];
                out[c * plane + i] = (byte) Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
            }
        }
        return out;
    }

    /** One plane per channel of the target: luminance for one channel, red, green and blue for three. */
    private static float[][] channels(int[] argb, int channels) {
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("a model input of " + channels + " channels: images can be given to inputs of "
                    + "1 (grayscale) or 3 (RGB) channels");
        }
        float[][] planes = new float[channels][argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            int r = (p >> 16) & 0xFF;
            int g = (p >> 8) & 0xFF;
            int b = p & 0xFF;
            if (channels == 1) {
                if (a == 255 && r == g && g == b) {
                    planes[0][i] = r / 255f;  // Already gray: keep the exact value the IDX reader would produce.
                    continue;
                }
                planes[0][i] = overWhite(0.299 * r + 0.587 * g + 0.114 * b, a);
            } else {
                planes[0][i] = a == 255 ? r / 255f : overWhite(r, a);
                planes[1][i] = a == 255 ? g / 255f : overWhite(g, a);
                planes[2][i] = a == 255 ? b / 255f : overWhite(b, a);
            }
        }
        return planes;
    }

    private static float overWhite(double value, int alpha) {
        double share = alpha / 255.0;
        return (float) ((share * value + (1 - share) * 255) / 255);
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
     * The image padded with {@code fill} to the output's aspect ratio, centred, then {@link #resize}d; the same numbers,
     * but the padded image is never held whole: each of its rows is built, resampled and dropped, and padding rows are
     * resampled once.
     */
    private static float[] fitAndResize(float[] image, int width, int height, float fill, int newWidth, int newHeight) {
        int paddedWidth = width;
        int paddedHeight = height;
        if ((long) width * newHeight > (long) height * newWidth) {
            paddedHeight = (int) Math.round((double) width * newHeight / newWidth);
        } else {
            paddedWidth = (int) Math.round((double) height * newWidth / newHeight);
        }
        if (paddedWidth == width && paddedHeight == height) {
            return resize(image, width, height, newWidth, newHeight);
        }
        int left = (paddedWidth - width) / 2;
        int top = (paddedHeight - height) / 2;
        float[] line = new float[paddedWidth];
        java.util.Arrays.fill(line, fill);
        float[] fillRow = new float[newWidth];
        resample(line, 0, 1, paddedWidth, fillRow, 0, 1, newWidth);
        float[] rows = new float[newWidth * paddedHeight];
        for (int y = 0; y < paddedHeight; y++) {
            if (y < top || y >= top + height) {
                System.arraycopy(fillRow, 0, rows, y * newWidth, newWidth);
                continue;
            }
            System.arraycopy(image, (y - top) * width, line, left, width);
            resample(line, 0, 1, paddedWidth, rows, y * newWidth, 1, newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            resample(rows, x, newWidth, paddedHeight, out, x, newWidth, newHeight);
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
