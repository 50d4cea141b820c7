package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.DataSettings;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.config.Checksums;
import dev.tailor.config.FashionMnistFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train-and-save example, run as documented: a run directory whose model records where it came from. */
class TrainAndSaveTest {
    @TempDir
    Path dir;

    @Test
    void theExampleWritesARunWithItsProvenance() {
        TailorConfig config = TailorConfig.DEFAULT.withBackend("djl").withOutput(dir.resolve("run"))
                .withTraining(TailorConfig.DEFAULT.training().with(t -> t.epochs(1)))
                .withData(DataSettings.DEFAULT.withDirectory(TestData.subsetDirectory()));

        TrainedRun run = TrainAndSave.run(config);

        assertThat(run.directory()).isEqualTo(dir.resolve("run").toAbsolutePath());
        for (String file : new String[] {"config.json", "history.json", "metrics.json", "run.json", "model/manifest.json"}) {
            assertThat(run.directory().resolve(file)).isRegularFile();
        }
        assertThat(run.evaluation().accuracy()).isGreaterThan(0.6);
        var provenance = ModelFiles.provenance(run.model());
        assertThat(provenance.backend()).isEqualTo("djl");
        assertThat(provenance.engine()).startsWith("DJL ");
        assertThat(provenance.training().seed()).isEqualTo(42);
        assertThat(provenance.trainImages()).isEqualTo(3000);
        Path trainImages = FashionMnistFiles.imagesFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TRAIN);
        Path testLabels = FashionMnistFiles.labelsFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TEST);
        assertThat(provenance.data().sha256())
                .containsEntry(trainImages.getFileName().toString(), Checksums.sha256(trainImages))
                .containsEntry(testLabels.getFileName().toString(), Checksums.sha256(testLabels))
                .hasSize(4);
        assertThat(Files.exists(dir.resolve("run").resolve("report.html"))).as("no reporter, no plots").isFalse();
    }
}
