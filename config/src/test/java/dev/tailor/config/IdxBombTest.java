package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.testing.IdxWriter;
import dev.tailor.domain.testing.SmallHeap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small gzipped IDX files that inflate far beyond what they promise: refused in a 64 MiB heap, without running out. */
@Tag(SmallHeap.TAG)
class IdxBombTest {
    @TempDir
    Path dir;

    @BeforeEach
    void heapIsSmall() {
        SmallHeap.require();
    }

    @Test
    void aStreamThatGoesOnPastItsHeaderIsRefusedWithoutInflatingIt() throws IOException {
        Path images = dir.resolve("img.gz");
        long trailing = 512L << 20;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(images), 1 << 16)) {
            out.write(IdxWriter.images(10, 28, 28));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < trailing; written += zeros.length) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(images)).as("the bomb is small on disk").isLessThan(1L << 20);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(10, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, FashionMnist.CLASS_NAMES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(images + ": more than 1048576 unexpected bytes after 10 images of 28x28");
    }

    @Test
    void aHeaderClaimingMoreThanTheLimitIsRefusedBeforeAnythingIsAllocated() {
        byte[] header = ByteBuffer.allocate(16).putInt(0x803).putInt(2_000_000).putInt(28).putInt(28).array();
        Path images = IdxWriter.write(dir.resolve("img.gz"), header, true);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(10, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, FashionMnist.CLASS_NAMES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(images + ": the header promises 2000000 images of 28x28 (1,568,000,000 bytes of data), over the limit of "
                        + "268,435,456 bytes");
    }

    @Test
    void aHeaderClaimingMoreThanTheFileHoldsAllocatesOnlyWhatIsThere() {
        byte[] header = ByteBuffer.allocate(16 + 784).putInt(0x803).putInt(300_000).putInt(28).putInt(28).array();
        Path images = IdxWriter.write(dir.resolve("img.gz"), header, true);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(10, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, FashionMnist.CLASS_NAMES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(images + ": truncated: the header promises 300000 images of 28x28 (235200000 bytes of data) but the "
                        + "file holds 784");
    }
}
