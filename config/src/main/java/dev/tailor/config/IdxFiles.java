package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and checks IDX files (big-endian header, then raw unsigned bytes), gzipped or raw. The reader streams: it takes
 * exactly the bytes the header promises and a bounded look past them, so a small gzip stream that inflates without end
 * (a decompression bomb) costs no more memory than the data it claims, and a claim beyond {@link #MAX_DATA_BYTES} is
 * refused before anything is allocated.
 */
final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** 256 MiB of pixels: over 340,000 images of 28x28, five times Fashion-MNIST's training set. */
    static final long MAX_DATA_BYTES = 256L << 20;
    /** How far past the promised data the reader looks to count unexpected bytes. */
    private static final long TRAILING_LOOK = 1 << 20;

    private IdxFiles() {
    }

    /** Pixels of an image file: count x rows x cols unsigned bytes, after the 16-byte header. */
    record ImageData(int count, int rows, int cols, byte[] pixels) {
    }

    static ImageData readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** The images in a stream that holds an IDX file, gzipped or raw; {@code file} names it in errors. */
    static ImageData readImages(InputStream stream, String file) {
        try (InputStream in = ungzipped(stream)) {
            ByteBuffer header = header(file, in, 16, IMAGES_MAGIC, "image");
            int count = header.getInt(4);
            int rows = header.getInt(8);
            int cols = header.getInt(12);
            if (count < 0 || rows < 1 || cols < 1) {
                throw new InvalidInputException(file + ": impossible dimensions " + count + " x " + rows + " x " + cols);
            }
            // rows x cols fits a long; once it is under the limit, so does count times it.
            long imageBytes = (long) rows * cols;
            long expected = imageBytes > MAX_DATA_BYTES ? Long.MAX_VALUE : count * imageBytes;
            byte[] pixels = data(file, in, expected, count + " images of " + rows + "x" + cols);
            return new ImageData(count, rows, cols, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static byte[] readLabels(InputStream stream, String file) {
        try (InputStream in = ungzipped(stream)) {
            ByteBuffer header = header(file, in, 8, LABELS_MAGIC, "label");
            int count = header.getInt(4);
            if (count < 0) {
                throw new InvalidInputException(file + ": impossible label count " + count);
            }
            return data(file, in, count, count + " labels");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file);
    }

    /** The stream un-gzipped if it starts with the gzip signature. */
    private static InputStream ungzipped(InputStream stream) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1F && raw.read() == 0x8B;
        raw.reset();
        return gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static ByteBuffer header(String file, InputStream in, int size, int magic, String kind) throws IOException {
        byte[] bytes = in.readNBytes(size);
        if (bytes.length < 4) {
            throw new InvalidInputException(file + ": truncated: " + bytes.length + " bytes, too short for an IDX header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes);
        int found = header.getInt(0);
        if (found != magic) {
            throw new InvalidInputException(String.format("%s: not an IDX %s file: magic number 0x%08X, expected 0x%08X (%d)",
                    file, kind, found, magic, magic));
        }
        if (bytes.length < size) {
            throw new InvalidInputException(file + ": truncated: the header needs " + size + " bytes, the file has " + bytes.length);
        }
        return header;
    }

    /** Exactly {@code expected} bytes, then the end of the stream. */
    private static byte[] data(String file, InputStream in, long expected, String promise) throws IOException {
        if (expected > MAX_DATA_BYTES) {
            throw new InvalidInputException(String.format("%s: the header promises %s (%s bytes of data), over the limit of %,d bytes",
                    file, promise, expected == Long.MAX_VALUE ? "too many" : String.format("%,d", expected), MAX_DATA_BYTES));
        }
        // readNBytes grows its buffer as data arrives, so a header that lies about its size allocates only what is there.
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new InvalidInputException(file + ": truncated: the header promises " + promise + " (" + expected
                    + " bytes of data) but the file holds " + data.length);
        }
        long trailing = countTrailing(in);
        if (trailing > TRAILING_LOOK) {
            throw new InvalidInputException(file + ": more than " + TRAILING_LOOK + " unexpected bytes after " + promise);
        }
        if (trailing > 0) {
            throw new InvalidInputException(file + ": " + trailing + " unexpected bytes after " + promise);
        }
        return data;
    }

    /** Bytes left in the stream, counted up to just past {@link #TRAILING_LOOK}. */
    private static long countTrailing(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long count = 0;
        int n;
        while (count <= TRAILING_LOOK && (n = in.read(sink)) > 0) {
            count += n;
        }
        return count;
    }

    private static InvalidInputException unreadable(String file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(file + ": file not found");
        }
        if (e instanceof EOFException) {
            return new InvalidInputException(file + ": truncated: the gzip stream ends early");
        }
        if (e instanceof ZipException) {
            return new InvalidInputException(file + ": corrupt gzip data: " + e.getMessage());
        }
        return new InvalidInputException(file + ": cannot read: " + e.getMessage());
    }
}
