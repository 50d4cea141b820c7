package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.SmallHeap;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small PNG declaring a huge canvas is refused from its header, in a 64 MiB heap, before anything is decoded. */
@Tag(SmallHeap.TAG)
class ImageBombTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @TempDir
    Path dir;

    @BeforeEach
    void heapIsSmall() {
        SmallHeap.require();
    }

    @Test
    void aHugeDeclaredCanvasIsRefusedBeforeDecoding() throws IOException {
        Path file = dir.resolve("bomb.png");
        Files.write(file, grayPng(20_000, 20_000));
        assertThat(Files.size(file)).isLessThan(1L << 20);

        assertThatThrownBy(() -> ImageFiles.read(file, MNIST, Preprocessing.Inversion.AUTO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": the image declares 20,000 x 20,000 pixels, over the limit of 40,000,000 pixels");
        assertThatThrownBy(() -> ImageFiles.decode(Files.readAllBytes(file), "upload", MNIST, Preprocessing.Inversion.AUTO))
                .hasMessage("upload: the image declares 20,000 x 20,000 pixels, over the limit of 40,000,000 pixels");
    }

    @Test
    void anImageWithinTheLimitIsStillRead() throws IOException {
        Path file = dir.resolve("small.png");
        Files.write(file, grayPng(300, 200));

        assertThat(ImageFiles.read(file, MNIST, Preprocessing.Inversion.NEVER).pixels()).hasSize(784).containsOnly(0f);
    }

    /** An 8-bit grayscale PNG of the given size, all black: a few hundred KiB of zlib for any canvas. */
    static byte[] grayPng(int width, int height) throws IOException {
        return grayPngFilled(width, height, (byte) 0);
    }

    /** An 8-bit grayscale PNG of the given size, every pixel {@code value}. */
    static byte[] grayPngFilled(int width, int height, byte value) {
        try {
            return encode(width, height, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] encode(int width, int height, byte value) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(width);
        header.writeInt(height);
        header.write(new byte[] {8, 0, 0, 0, 0});
        chunk(png, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + width];
            java.util.Arrays.fill(row, 1, row.length, value);
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
