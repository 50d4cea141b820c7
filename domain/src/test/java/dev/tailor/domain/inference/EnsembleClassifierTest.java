package dev.tailor.domain.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleClassifierTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final Image IMAGE = new Image(new ImageShape(1, 1, 1), new float[] {0});

    /** Predicts fixed probabilities for every image, and remembers being closed. */
    private static final class Fixed implements Classifier {
        private final List<String> classes;
        private final float[] probabilities;
        boolean closed;

        Fixed(List<String> classes, float... probabilities) {
            this.classes = classes;
            this.probabilities = probabilities;
        }

        @Override
        public ImageShape input() {
            return IMAGE.shape();
        }

        @Override
        public List<String> classNames() {
            return classes;
        }

        @Override
        public List<Prediction> predict(Images images) {
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < images.count(); i++) {
                out.add(new Prediction(classes, probabilities.clone()));
            }
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void predictsTheMeanOfItsMembersProbabilities() {
        Fixed first = new Fixed(CLASSES, 0.6f, 0.3f, 0.1f);
        Fixed second = new Fixed(CLASSES, 0.0f, 0.5f, 0.5f);
        try (EnsembleClassifier ensemble = new EnsembleClassifier(List.of(first, second))) {
            Prediction p = ensemble.predict(IMAGE);

            assertThat(p.probabilities()).containsExactly(0.3f, 0.4f, 0.3f);
            assertThat(p.className()).isEqualTo("b");
        }
        assertThat(first.closed).isTrue();
        assertThat(second.closed).isTrue();
    }

    @Test
    void membersMustPredictTheSameClassesInTheSameOrder() {
        assertThatThrownBy(() -> new EnsembleClassifier(List.of(new Fixed(CLASSES, 1, 0, 0),
                new Fixed(List.of("a", "c", "b"), 1, 0, 0))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ensemble members must predict the same classes, in the same order; got [a, b, c] and [a, c, b]");
    }
}
