package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.application.service.ImageScorer;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageScorerTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    /** What the scorer reported, and how many images it had pulled when it reported each. */
    private static final class Recorder implements ImageScorer.Results {
        final List<String> events = new ArrayList<>();
        final List<Integer> pulledAtResult = new ArrayList<>();
        final Counting source;

        Recorder(Counting source) {
            this.source = source;
        }

        @Override
        public void classified(String name, Prediction prediction) {
            events.add(name + " " + prediction.className());
            pulledAtResult.add(source.pulled);
        }

        @Override
        public void failed(String name, String reason) {
            events.add(name + " error: " + reason);
            pulledAtResult.add(source.pulled);
        }

        @Override
        public void batchDone() {
            events.add("--");
        }
    }

    private static final class Counting implements Iterator<EncodedImage> {
        final Iterator<EncodedImage> images;
        int pulled;

        Counting(List<EncodedImage> images) {
            this.images = images.iterator();
        }

        @Override
        public boolean hasNext() {
            return images.hasNext();
        }

        @Override
        public EncodedImage next() {
            pulled++;
            return images.next();
        }
    }

    @Test
    void resultsComeInInputOrderBatchByBatchWithFailuresInTheirPlace() {
        List<EncodedImage> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            images.add(i == 5
                    ? ImageFiles.encoded("broken", "no picture".getBytes(StandardCharsets.UTF_8))
                    : ImageFiles.encoded("level" + i % 10, BrightnessClassifier.png(i % 10)));
        }
        BrightnessClassifier classifier = new BrightnessClassifier();
        Counting source = new Counting(images);
        Recorder results = new Recorder(source);

        ImageScorer.Tally tally = new ImageScorer(classifier, MNIST, Preprocessing.Inversion.NEVER, 4).score(source, results);

        assertThat(tally).isEqualTo(new ImageScorer.Tally(9, 1));
        assertThat(results.events).containsExactly(
                "level0 c0", "level1 c1", "level2 c2", "level3 c3", "--",
                "level4 c4", "broken error: not an image (expected PNG, JPEG, GIF or BMP)", "level6 c6", "level7 c7", "--",
                "level8 c8", "level9 c9", "--");
        // Streaming: each result is out before the next batch is read, and the engine sees only the decodable images.
        assertThat(results.pulledAtResult).containsExactly(4, 4, 4, 4, 8, 8, 8, 8, 10, 10);
        assertThat(classifier.callSizes).containsExactly(4, 3, 2);
    }

    @Test
    void aBatchOfOnlyBadImagesNeverCallsTheEngine() {
        BrightnessClassifier classifier = new BrightnessClassifier();
        List<EncodedImage> images = List.of(EncodedImage.unreadable("dir", "cannot list the directory: denied"),
                ImageFiles.encoded("empty", new byte[0]));
        Recorder results = new Recorder(new Counting(images));

        ImageScorer.Tally tally = new ImageScorer(classifier, MNIST, Preprocessing.Inversion.NEVER, 8).score(results.source, results);

        assertThat(tally.failed()).isEqualTo(2);
        assertThat(results.events).containsExactly("dir error: cannot list the directory: denied",
                "empty error: not an image (expected PNG, JPEG, GIF or BMP)", "--");
        assertThat(classifier.callSizes).isEmpty();
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> new ImageScorer(new BrightnessClassifier(), MNIST, Preprocessing.Inversion.NEVER, 0))
                .isInstanceOf(InvalidInputException.class).hasMessage("batch size 0: expected at least 1");
    }
}
