package dev.tailor.domain.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.Trainer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Backends by capability: any installed backend serves, only those that train are handed out for training. */
class BackendsTest {
    private record Serving(String name, int preference) implements Backend {
        @Override
        public String engine() {
            return name + " engine";
        }

        @Override
        public void useThreads(int threads) {
        }

        @Override
        public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
            throw new AssertionError("not called");
        }

        @Override
        public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
            throw new AssertionError("not called");
        }
    }

    private record Training(String name, int preference) implements TrainingBackend {
        @Override
        public String engine() {
            return name + " engine";
        }

        @Override
        public void useThreads(int threads) {
        }

        @Override
        public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
            throw new AssertionError("not called");
        }

        @Override
        public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
            throw new AssertionError("not called");
        }

        @Override
        public Trainer trainer() {
            throw new AssertionError("not called");
        }

        @Override
        public Set<Precision> precisions() {
            return Set.of(Precision.FLOAT32);
        }
    }

    private final Backends installed = Backends.of(List.of(new Serving("fast-inference", 20), new Training("slow", 1),
            new Training("quick", 5)));

    @Test
    void anInferenceOnlyBackendServesButIsRefusedForTrainingNamingThoseThatTrain() {
        assertThat(installed.named("fast-inference").name()).isEqualTo("fast-inference");
        assertThatThrownBy(() -> installed.trainer("fast-inference")).isInstanceOf(InvalidInputException.class)
                .hasMessage("backend 'fast-inference' serves models but cannot train; backends that train: quick, slow");
        assertThat(installed.trainer("slow").name()).isEqualTo("slow");
    }

    @Test
    void thePreferredBackendServesAndThePreferredTrainerTrains() {
        assertThat(installed.preferred().name()).isEqualTo("fast-inference");
        assertThat(installed.preferredTrainer().name()).isEqualTo("quick");
        assertThat(installed.names()).containsExactly("fast-inference", "quick", "slow");
        assertThat(installed.trainerNames()).containsExactly("quick", "slow");
    }

    @Test
    void withNothingThatTrainsTrainingIsRefusedNamingWhatIsInstalled() {
        Backends servingOnly = Backends.of(List.of(new Serving("fast-inference", 20)));

        assertThatThrownBy(servingOnly::preferredTrainer)
                .hasMessage("no installed Tailor backend can train (installed: fast-inference)");
        assertThatThrownBy(() -> servingOnly.trainer("fast-inference"))
                .hasMessage("backend 'fast-inference' serves models but cannot train; backends that train: none installed");
        assertThatThrownBy(() -> servingOnly.named("djl")).hasMessage("unknown backend 'djl'; installed backends: fast-inference");
    }
}
