package dev.tailor.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class Dl4jClassifierTest {
    /**
     * SameDiff keeps a session per calling thread, and each remembers every array it freed: left in place, a million
     * predictions from 8 threads filled a 256 MiB heap (tailor soak). Every call ends its session.
     */
    @Test
    void noInferenceSessionOutlivesItsCallOnAnyThread() throws Exception {
        Dataset test = TestData.test().take(64);
        Dl4jEngine.configure(2);
        Dl4jClassifier classifier = new Dl4jClassifier(ModelPresets.SEED_CNN, test.classNames(), Weights.initial(ModelPresets.SEED_CNN, 1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                int index = i;
                calls.add(pool.submit(() -> classifier.predict(test.image(index))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        classifier.predictAll(test);

        assertThat(classifier.openSessions()).isZero();
    }
}
