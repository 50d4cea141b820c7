package dev.tailor.domain.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrainingListenerTest {
    /** Records each call, tagged with its name. */
    private record Recorder(String name, List<String> calls) implements TrainingListener {
        @Override
        public void onEpochStart(int epoch, int epochs, int batches) {
            calls.add(name + " start " + epoch);
        }

        @Override
        public void onBatch(BatchReport report) {
            calls.add(name + " batch " + report.batch());
        }

        @Override
        public void onEpochEnd(EpochReport report) {
            calls.add(name + " end " + report.epoch());
        }

        @Override
        public void onCheckpoint(java.util.function.Supplier<TrainingCheckpoint> checkpoint) {
            calls.add(name + " checkpoint");
        }
    }

    @Test
    void bothListenersHearEveryCallInOrder() {
        List<String> calls = new ArrayList<>();
        TrainingListener both = new Recorder("a", calls).and(new Recorder("b", calls));

        both.onEpochStart(1, 2, 3);
        both.onBatch(new BatchReport(1, 1, 3, 0.5, 0.5, 0.5, 32, 0.1));
        both.onEpochEnd(new EpochReport(1, 0.5, 0.5, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), 0.001, 1.0, 96));
        both.onCheckpoint(() -> null);

        assertThat(calls).containsExactly("a start 1", "b start 1", "a batch 1", "b batch 1", "a end 1", "b end 1",
                "a checkpoint", "b checkpoint");
    }
}
