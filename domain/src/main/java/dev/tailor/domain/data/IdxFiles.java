package dev.tailor.domain.data;

import dev.tailor.domain.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads and checks IDX files (big-endian header, then raw unsigned bytes), gzipped or raw. */
final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {
    }

    /** Pixels of an image file: count x rows x cols unsigned bytes, after the 16-byte header. */
    record ImageData(int count, int rows, int cols, byte[] pixels) {
    }

    static ImageData readImages(Path file) {
        ByteBuffer data = ByteBuffer.wrap(readBytes(file));
        requireHeader(file, data, 16, IMAGES_MAGIC, "image");
        int count = data.getInt(4);
        int rows = data.getInt(8);
        int cols = data.getInt(12);
        if (count < 0 || rows < 1 || cols < 1) {
            throw new InvalidInputException(file + ": impossible dimensions " + count + " x " + rows + " x " + cols);
        }
        long expected = (long) count * rows * cols;
        requireLength(file, data.capacity() - 16L, expected, count + " images of " + rows + "x" + cols);
        byte[] pixels = new byte[(int) expected];
        data.get(16, pixels);
        return new ImageData(count, rows, cols, pixels);
    }

    static byte[] readLabels(Path file) {
        ByteBuffer data = ByteBuffer.wrap(readBytes(file));
        requireHeader(file, data, 8, LABELS_MAGIC, "label");
        int count = data.getInt(4);
        if (count < 0) {
            throw new InvalidInputException(file + ": impossible label count " + count);
        }
        requireLength(file, data.capacity() - 8L, count, count + " labels");
        byte[] labels = new byte[count];
        data.get(8, labels);
        return labels;
    }

    private static void requireHeader(Path file, ByteBuffer data, int headerSize, int magic, String kind) {
        if (data.capacity() < 4) {
            throw new InvalidInputException(file + ": truncated: " + data.capacity() + " bytes, too short for an IDX header");
        }
        int found = data.getInt(0);
        if (found != magic) {
            throw new InvalidInputException(String.format("%s: not an IDX %s file: magic number 0x%08X, expected 0x%08X (%d)",
                    file, kind, found, magic, magic));
        }
        if (data.capacity() < headerSize) {
            throw new InvalidInputException(file + ": truncated: the header needs " + headerSize + " bytes, the file has "
                    + data.capacity());
        }
    }

    private static void requireLength(Path file, long actual, long expected, String promise) {
        if (actual < expected) {
            throw new InvalidInputException(file + ": truncated: the header promises " + promise + " (" + expected
                    + " bytes of data) but the file holds " + actual);
        }
        if (actual > expected) {
            throw new InvalidInputException(file + ": " + (actual - expected) + " unexpected bytes after " + promise);
        }
    }

    /** The file's content, un-gzipped if it starts with the gzip signature. */
    static byte[] readBytes(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            boolean gzipped = head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
            if (!gzipped) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(head);
                raw.transferTo(all);
                return all.toByteArray();
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated: the gzip stream ends early");
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }
}
