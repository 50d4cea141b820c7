package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.SavedModel;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer experiment, small: every way at one size over two seeds, and what head-only training leaves alone. */
class TransferLearningTest {
    @TempDir
    Path work;

    @Test
    void everyWayIsTrainedOverTheSeedsAndHeadOnlyKeepsThePretrainedNetworkBitForBit() {
        String backend = Backends.installed().preferredTrainer().name();
        TransferLearning.Plan plan = new TransferLearning.Plan(List.of(10), 2, 1, Map.of(10, 3), 800, 300, backend);

        List<TransferLearning.Cell> cells = TransferLearning.run(TestData.subsetDirectory(), work, plan);

        assertThat(cells).extracting(TransferLearning.Cell::way).containsExactly(TransferLearning.Way.values());
        for (TransferLearning.Cell cell : cells) {
            assertThat(cell.accuracy().size()).isEqualTo(2);
            assertThat(cell.accuracy().mean()).isBetween(0.0, 1.0);
            assertThat(cell.versusScratch().isPresent()).isEqualTo(cell.way() != TransferLearning.Way.SCRATCH);
        }
        SavedModel pretrained = ModelFiles.load(work.resolve("pretrained/model"));
        SavedModel headOnly = ModelFiles.load(work.resolve("n10/head-seed42/model"));
        assertThat(headOnly.classNames()).containsExactly("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        for (TensorSpec t : pretrained.spec().tensors()) {
            boolean head = t.name().startsWith("10.");
            assertThat(headOnly.weights().get(t.name()).equals(pretrained.weights().get(t.name()))).as(t.name()).isEqualTo(!head);
        }
        assertThat(ModelFiles.provenance(work.resolve("n10/head-seed42/model")).startedFrom()).get()
                .extracting(origin -> origin.path()).isEqualTo(work.resolve("pretrained/model").toString());
        assertThat(TransferLearning.markdown(cells)).contains("| 10 | head only |", "| 10 | whole network fine-tuned |");
    }
}
