package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.application.service.ImageScorer;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.SmallHeap;
import java.util.Iterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scoring holds one batch: 30,000 images pass through a 64 MiB heap, where keeping each one's pixels (3 KiB) and
 * prediction would need ~100 MiB.
 */
@Tag(SmallHeap.TAG)
class ImageScorerMemoryTest {
    @Test
    void thirtyThousandImagesStreamThroughASmallHeap() {
        SmallHeap.require();
        byte[][] levels = new byte[10][];
        for (int level = 0; level < 10; level++) {
            levels[level] = BrightnessClassifier.png(level);
        }
        int count = 30_000;
        Iterator<EncodedImage> images = new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public EncodedImage next() {
                int i = next++;
                return ImageFiles.encoded("image-" + i, levels[i % 10]);
            }
        };
        int[] correct = new int[1];
        ImageScorer.Results results = new ImageScorer.Results() {
            int index;

            @Override
            public void classified(String name, Prediction prediction) {
                if (name.equals("image-" + index) && prediction.classIndex() == index % 10) {
                    correct[0]++;
                }
                index++;
            }

            @Override
            public void failed(String name, String reason) {
                index++;
            }
        };

        ImageScorer.Tally tally = new ImageScorer(new BrightnessClassifier(), new ImageShape(1, 28, 28),
                Preprocessing.Inversion.NEVER, 64).score(images, results);

        assertThat(tally).isEqualTo(new ImageScorer.Tally(count, 0));
        assertThat(correct[0]).isEqualTo(count);
    }
}
