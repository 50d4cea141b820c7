package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedRealSubsetLoads() {
        Dataset train = FashionMnistFiles.load(TestData.subsetDirectory(), FashionMnistFiles.Part.TRAIN);
        Dataset test = FashionMnistFiles.load(TestData.subsetDirectory(), FashionMnistFiles.Part.TEST);

        assertThat(train.size()).isEqualTo(3000);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(train.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(train.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        // Fashion-MNIST's first training image is an ankle boot, its first test image too.
        assertThat(train.label(0)).isEqualTo(9);
        assertThat(test.label(0)).isEqualTo(9);
        assertThat(java.util.Arrays.stream(train.classCounts()).boxed()).allSatisfy(n -> assertThat(n).isBetween(250, 350));
    }

    /** Other modules' tests take the subset from the domain's fixture, which decodes it on its own. */
    @Test
    void theDomainsFixtureHoldsWhatTheFilesAdapterReads() {
        for (FashionMnistFiles.Part part : FashionMnistFiles.Part.values()) {
            Dataset read = FashionMnistFiles.load(TestData.subsetDirectory(), part);
            Dataset fixture = part == FashionMnistFiles.Part.TRAIN ? TestData.train() : TestData.test();
            assertThat(fixture.size()).isEqualTo(read.size());
            assertThat(fixture.shape()).isEqualTo(read.shape());
            assertThat(fixture.classNames()).isEqualTo(read.classNames());
            assertThat(fixture.origin()).isEqualTo(read.origin());
            for (int i = 0; i < read.size(); i++) {
                assertThat(fixture.label(i)).isEqualTo(read.label(i));
                assertThat(fixture.image(i).pixels()).as("image %d", i).containsExactly(read.image(i).pixels());
            }
        }
    }

    @Test
    void theConfiguredDirectoryWinsOverTheEnvironment() throws Exception {
        Path env = Files.createDirectory(dir.resolve("env"));
        Path configured = Files.createDirectory(dir.resolve("configured"));

        assertThat(FashionMnistFiles.locate(Optional.of(configured), Map.of("TAILOR_DATA", env.toString())))
                .isEqualTo(new DataLocation(configured, "--data, or data.dir in the config"));
        assertThat(FashionMnistFiles.locate(Optional.empty(), Map.of("TAILOR_DATA", env.toString())))
                .isEqualTo(new DataLocation(env, "$TAILOR_DATA"));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> FashionMnistFiles.locate(Optional.of(missing), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data directory " + missing + " (from --data, or data.dir in the config) does not exist");
        assertThatThrownBy(() -> FashionMnistFiles.locate(Optional.empty(), Map.of("TAILOR_DATA", missing.toString())))
                .hasMessage("data directory " + missing + " (from $TAILOR_DATA) does not exist");
    }

    @Test
    void aDirectoryWithoutTheFilesIsNamed() {
        assertThatThrownBy(() -> FashionMnistFiles.load(dir, FashionMnistFiles.Part.TEST))
                .hasMessage(dir + ": missing t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte)");
    }
}
