package dev.tailor.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Small UTF-8 text files (configs, manifests, grids) read with a size limit, so a huge or endless file (a device, a
 * FIFO, a mistaken path to a dataset) is refused instead of read into memory. A leading byte-order mark, which Windows
 * editors write, is dropped.
 */
final class TextFiles {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    /**
     * The file's text; any problem becomes {@code error} applied to a sentence that starts with the file's name.
     */
    static String read(Path file, long maxBytes, Function<String, ? extends RuntimeException> error) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw error.apply(file + ": file not found");
        } catch (IOException e) {
            throw error.apply(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw error.apply(String.format("%s: larger than the limit of %,d bytes for this kind of file", file, maxBytes));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error.apply(file + ": not UTF-8 text");
        }
        return withoutByteOrderMark(text);
    }

    static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}
