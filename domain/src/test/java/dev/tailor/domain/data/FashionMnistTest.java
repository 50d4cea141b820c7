package dev.tailor.domain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedRealSubsetLoads() {
        Dataset train = TestData.train();
        Dataset test = TestData.test();

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

    @Test
    void theConfiguredDirectoryWinsOverTheEnvironment() throws Exception {
        Path env = Files.createDirectory(dir.resolve("env"));
        Path configured = Files.createDirectory(dir.resolve("configured"));

        assertThat(FashionMnist.locate(Optional.of(configured), Map.of("TAILOR_DATA", env.toString())))
                .isEqualTo(new DataLocation(configured, "--data, or data.dir in the config"));
        assertThat(FashionMnist.locate(Optional.empty(), Map.of("TAILOR_DATA", env.toString())))
                .isEqualTo(new DataLocation(env, "$TAILOR_DATA"));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> FashionMnist.locate(Optional.of(missing), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data directory " + missing + " (from --data, or data.dir in the config) does not exist");
        assertThatThrownBy(() -> FashionMnist.locate(Optional.empty(), Map.of("TAILOR_DATA", missing.toString())))
                .hasMessage("data directory " + missing + " (from $TAILOR_DATA) does not exist");
    }

    @Test
    void aDirectoryWithoutTheFilesIsNamed() {
        assertThatThrownBy(() -> FashionMnist.load(dir, FashionMnist.Part.TEST))
                .hasMessage(dir + ": missing t10k-images-idx3-ubyte.gz (or t10k-images-idx3-ubyte)");
    }
}
