package dev.tailor.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Dl4jClassifierTest {
    /**
     * A program's arrays and its graph's ops are written by every call: threads calling at once must each get a program
     * of their own, or one caller's images would leak into another's probabilities.
     */
    @Test
    void threadsCallingAtOnceGetTheProbabilitiesOneCallerGets() throws Exception {
        Dataset test = TestData.test().take(300);
        Dl4jEngine.configure(2);
        Dl4jClassifier classifier = new Dl4jClassifier(ModelPresets.SEED_CNN, test.classNames(), Weights.initial(ModelPresets.SEED_CNN, 1));
        List<Prediction> expected = classifier.predictAll(test);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Prediction>>> calls = new ArrayList<>();
        try {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < test.size(); i++) {
                    int index = i;
                    calls.add(pool.submit(() -> List.of(classifier.predict(test.image(index)))));
                }
                // Batches larger than the programs keep arrays for, between the single images.
                int batch = Dl4jClassifier.KEPT_BATCH + 4;
                for (int from = 0; from + batch <= test.size(); from += batch) {
                    Dataset slice = test.select(IntStream.range(from, from + batch).toArray());
                    calls.add(pool.submit((Callable<List<Prediction>>) () -> classifier.predictAll(slice)));
                }
            }
            List<Prediction> actual = new ArrayList<>();
            for (Future<List<Prediction>> call : calls) {
                actual.addAll(call.get());
            }
            List<Prediction> wanted = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                wanted.addAll(expected);
                int batch = Dl4jClassifier.KEPT_BATCH + 4;
                wanted.addAll(expected.subList(0, test.size() / batch * batch));
            }
            assertThat(actual).hasSameSizeAs(wanted);
            for (int i = 0; i < actual.size(); i++) {
                // oneDNN may block a convolution differently for one image than for a batch: equal to float rounding.
                assertThat(actual.get(i).probabilities()).as("prediction %d", i)
                        .containsExactly(wanted.get(i).probabilities(), within(1e-6f));
            }
        } finally {
            pool.shutdown();
        }
        assertThat(classifier.idlePrograms()).isBetween(1, 4);
    }
}
