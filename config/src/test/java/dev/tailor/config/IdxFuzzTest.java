package dev.tailor.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tailor.domain.InvalidInputException;
import java.io.ByteArrayInputStream;

/**
 * Any bytes given to the IDX reader give data or Tailor's one-line error, nothing else. In the suite each fuzz test
 * replays its committed inputs (src/test/resources/.../IdxFuzzTestInputs); {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void imageFiles(byte[] bytes) {
        try {
            IdxFiles.ImageData images = IdxFiles.readImages(new ByteArrayInputStream(bytes), "fuzz");
            if (images.pixels().length != images.count() * images.rows() * images.cols()) {
                throw new AssertionError("pixels do not match the dimensions read");
            }
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }

    @FuzzTest(maxDuration = "5m")
    void labelFiles(byte[] bytes) {
        try {
            IdxFiles.readLabels(new ByteArrayInputStream(bytes), "fuzz");
        } catch (InvalidInputException expected) {
            // Refused with a message: the one other allowed outcome.
        }
    }
}
