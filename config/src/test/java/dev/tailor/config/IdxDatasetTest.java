package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.IdxWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxDatasetTest {
    private static final List<String> TEN = FashionMnist.CLASS_NAMES;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsGzippedAndRawFilesAndNormalisesPixels(boolean gzip) {
        Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.images(12, 4, 3), gzip);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(12, 10), gzip);

        ByteDataset data = IdxDataset.read(images, labels, TEN);

        assertThat(data.size()).isEqualTo(12);
        assertThat(data.shape()).isEqualTo(new ImageShape(1, 4, 3));
        assertThat(data.label(11)).isEqualTo(1);
        float[] pixels = data.image(5).pixels();
        assertThat(pixels[0]).isEqualTo(5 / 255f);
        assertThat(pixels[11]).isEqualTo(16 / 255f);
        assertThat(data.classCounts()).containsExactly(2, 2, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void pixelsAreScaledToTheUnitInterval() {
        Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.images(300, 2, 2), false);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(300, 10), false);
        ByteDataset data = IdxDataset.read(images, labels, TEN);

        float min = 1, max = 0;
        for (int i = 0; i < data.size(); i++) {
            for (float p : data.image(i).pixels()) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void rejectsABadMagicNumber() {
        byte[] content = IdxWriter.images(2, 4, 4);
        ByteBuffer.wrap(content).putInt(0, 0x12345678);
        Path images = IdxWriter.write(dir.resolve("img.gz"), content, true);
        Path labels = IdxWriter.write(dir.resolve("lbl.gz"), IdxWriter.labels(2, 10), true);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(images + ": not an IDX image file: magic number 0x12345678, expected 0x00000803 (2051)");
    }

    @Test
    void rejectsLabelsGivenAsImages() {
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(2, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(labels, labels, TEN))
                .hasMessageContaining("not an IDX image file: magic number 0x00000801");
    }

    @Test
    void rejectsATruncatedRawFile() {
        byte[] content = Arrays.copyOf(IdxWriter.images(10, 28, 28), 16 + 5 * 784);
        Path images = IdxWriter.write(dir.resolve("img"), content, false);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(10, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(images + ": truncated: the header promises 10 images of 28x28 (7840 bytes of data) but the file holds 3920");
    }

    @Test
    void rejectsATruncatedGzipStream() throws IOException {
        Path whole = IdxWriter.write(dir.resolve("whole.gz"), IdxWriter.images(50, 28, 28), true);
        byte[] gz = Files.readAllBytes(whole);
        Path images = dir.resolve("img.gz");
        Files.write(images, Arrays.copyOf(gz, gz.length / 2));
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(50, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(images + ": truncated: the gzip stream ends early");
    }

    @Test
    void rejectsAFileTooShortForItsHeader() throws IOException {
        Path images = dir.resolve("img");
        Files.write(images, new byte[] {0, 0, 8, 3, 0, 0});
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(2, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(images + ": truncated: the header needs 16 bytes, the file has 6");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] content = Arrays.copyOf(IdxWriter.labels(3, 10), 8 + 3 + 2);
        Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.images(3, 2, 2), false);
        Path labels = IdxWriter.write(dir.resolve("lbl"), content, false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(labels + ": 2 unexpected bytes after 3 labels");
    }

    @Test
    void rejectsMismatchedCounts() {
        Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.images(3, 2, 2), false);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(4, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(images + " holds 3 images but " + labels + " holds 4 labels");
    }

    @Test
    void rejectsLabelsOutOfRange() {
        Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.images(12, 2, 2), false);
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(12, 12), false);

        assertThatThrownBy(() -> IdxDataset.read(images, labels, TEN))
                .hasMessage(labels + ": label 10 at index 10 is out of range; expected 0..9 for 10 classes");
    }

    @Test
    void rejectsAMissingFile() {
        Path labels = IdxWriter.write(dir.resolve("lbl"), IdxWriter.labels(2, 10), false);

        assertThatThrownBy(() -> IdxDataset.read(dir.resolve("nope.gz"), labels, TEN))
                .hasMessage(dir.resolve("nope.gz") + ": file not found");
    }
}
