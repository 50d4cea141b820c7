package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.application.DataSettings;
import dev.tailor.application.RunData;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of data a config can name, read as the model's input needs it, and every way it can be wrong. */
class DataSourcesTest {
    private static final ImageShape RGB = new ImageShape(3, 8, 8);
    private final DataSources sources = new DataSources(Map.of(), DecodeProgress.NONE);

    @TempDir
    Path dir;

    /** A PNG of {@code width} x {@code height} in one colour, with a lighter top-left pixel. */
    private Path png(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        image.setRGB(0, 0, 0xF0F0F0);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private Path folder(String name) throws IOException {
        Path root = dir.resolve(name);
        png(root.resolve("shirt/a.png"), 10, 6, 0xFF0000);
        png(root.resolve("shirt/b.png"), 8, 8, 0xFF2020);
        png(root.resolve("shirt/deeper/c.png"), 30, 20, 0xE00000);
        png(root.resolve("boot/a.png"), 12, 12, 0x0000FF);
        png(root.resolve("boot/b.png"), 5, 9, 0x2020FF);
        Files.writeString(root.resolve("boot/notes.txt"), "not an image, and not named as one: ignored");
        return root;
    }

    @Test
    void anImageFolderGivesItsClassesSortedAndEachFileAsPredictWouldPrepareIt() throws IOException {
        Path train = folder("train");
        Path test = dir.resolve("test");
        png(test.resolve("boot/x.png"), 16, 16, 0x0000C0);

        RunData data = sources.load(DataSettings.own(train, Optional.of(test), OptionalDouble.empty()), RGB);

        assertThat(data.train().classNames()).containsExactly("boot", "shirt");
        assertThat(data.train().labels()).as("classes interleaved, so a limit keeps them all").containsExactly(0, 1, 0, 1, 1);
        assertThat(data.test().classNames()).containsExactly("boot", "shirt");
        assertThat(data.test().labels()).containsExactly(0);
        assertThat(data.inversion()).as("decoded files are never inverted, in training or in predict")
                .isEqualTo(Preprocessing.Inversion.NEVER);
        List<Path> inOrder = List.of(train.resolve("boot/a.png"), train.resolve("shirt/a.png"), train.resolve("boot/b.png"),
                train.resolve("shirt/b.png"), train.resolve("shirt/deeper/c.png"));
        for (int i = 0; i < inOrder.size(); i++) {
            assertThat(data.train().image(i).pixels()).as("%s", inOrder.get(i))
                    .containsExactly(ImageFiles.read(inOrder.get(i), RGB, Preprocessing.Inversion.NEVER).pixels());
        }
        assertThat(data.train().image(1).pixels()[8 * 8 + 4 * 8 + 4]).as("a red image's green plane, away from the corner").isZero();
        assertThat(data.train().origin().sha256()).hasSize(1).containsKey("train/ (5 images)");
    }

    @Test
    void aLimitTakesImagesOfEveryClassAndATestShareIsHeldOutPerClassTheSameEveryTime() throws IOException {
        Path train = folder("train");
        DataSettings limited = DataSettings.own(train, Optional.of(train), OptionalDouble.empty()).withTrainLimit(2);
        assertThat(sources.load(limited, RGB).train().labels()).containsExactly(0, 1);

        DataSettings shared = DataSettings.own(train, Optional.empty(), OptionalDouble.of(0.5));
        RunData split = sources.load(shared, RGB);
        assertThat(split.train().size() + split.test().size()).isEqualTo(5);
        assertThat(split.test().classCounts()).containsExactly(1, 2);
        RunData again = sources.load(shared, RGB);
        for (int i = 0; i < split.test().size(); i++) {
            assertThat(again.test().image(i).pixels()).containsExactly(split.test().image(i).pixels());
        }
    }

    @Test
    void badFoldersAreRefusedNamingTheFolderOrFile() throws IOException {
        Path train = folder("train");
        Files.createDirectories(train.resolve("empty"));
        assertRefused(DataSettings.own(train, Optional.of(train), OptionalDouble.empty()),
                train.resolve("empty") + ": no images (bmp, gif, jpeg, jpg, png) in this class folder");
        Files.delete(train.resolve("empty"));

        Files.writeString(train.resolve("boot/broken.png"), "not a png");
        assertRefused(DataSettings.own(train, Optional.of(train), OptionalDouble.empty()),
                train.resolve("boot/broken.png") + ": not an image (expected PNG, JPEG, GIF or BMP) (set data.skipUnreadable to skip such files)");
        RunData skipping = sources.load(DataSettings.own(train, Optional.of(train), OptionalDouble.empty()).withSkipUnreadable(true), RGB);
        assertThat(skipping.train().size()).isEqualTo(5);

        Path test = dir.resolve("test");
        png(test.resolve("sandal/a.png"), 4, 4, 0);
        assertRefused(DataSettings.own(train, Optional.of(test), OptionalDouble.empty()).withSkipUnreadable(true),
                test.resolve("sandal") + ": class 'sandal' is not a class of the training data [boot, shirt]");
        assertRefused(DataSettings.own(dir.resolve("nowhere"), Optional.of(test), OptionalDouble.empty()),
                dir.resolve("nowhere") + ": not found");
    }

    @Test
    void aDataSetThatWouldNotFitTheHeapIsRefusedBeforeAnythingIsDecoded() throws IOException {
        Path train = folder("train");
        ImageShape huge = new ImageShape(3, 20_000, 20_000);

        assertThatThrownBy(() -> sources.load(DataSettings.own(train, Optional.of(train), OptionalDouble.empty()), huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(train + ": 5 images of 3x20000x20000 need 6,000,000,000 bytes of memory, more than 70% of the ")
                .hasMessageContaining("give Java more heap (e.g. TAILOR_JAVA_OPTS=-Xmx");
    }

    /** Kaggle's Fashion-MNIST CSV layout, from the first images of the test subset. */
    private Path csv(String name, int images, List<String> extraLines) throws IOException {
        Dataset source = TestData.test();
        StringBuilder text = new StringBuilder("label");
        for (int p = 1; p <= 784; p++) {
            text.append(",pixel").append(p);
        }
        text.append('\n');
        float[] pixels = new float[784];
        for (int i = 0; i < images; i++) {
            source.copyPixels(i, pixels, 0);
            text.append(source.label(i));
            for (float v : pixels) {
                text.append(',').append(Math.round(v * 255));
            }
            text.append('\n');
        }
        extraLines.forEach(line -> text.append(line).append('\n'));
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aCsvFileInKagglesLayoutGivesTheSameImagesAsTheIdxFiles() throws IOException {
        Path file = csv("fashion.csv", 20, List.of());
        DataSettings settings = DataSettings.own(file, Optional.of(file), OptionalDouble.empty()).withClasses(FashionMnist.CLASS_NAMES);

        RunData data = sources.load(settings, new ImageShape(1, 28, 28));

        assertThat(data.train().classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        assertThat(data.inversion()).isEqualTo(Preprocessing.Inversion.AUTO);
        for (int i = 0; i < 20; i++) {
            assertThat(data.train().label(i)).isEqualTo(TestData.test().label(i));
            assertThat(data.train().image(i).pixels()).containsExactly(TestData.test().image(i).pixels());
        }
        Dataset colour = sources.load(settings, new ImageShape(3, 32, 32)).train();
        assertThat(colour.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(Arrays.copyOfRange(colour.image(0).pixels(), 0, 1024)).as("gray: every plane the same")
                .containsExactly(Arrays.copyOfRange(colour.image(0).pixels(), 2048, 3072));
    }

    @Test
    void badCsvLinesAreRefusedWithTheirLineNumber() throws IOException {
        Path shortLine = csv("short.csv", 3, List.of("1,0,0"));
        assertRefused(DataSettings.own(shortLine, Optional.of(shortLine), OptionalDouble.empty()),
                shortLine + ":5: 3 columns; the header has 785 (label, then 784 pixels)");
        Path label = csv("label.csv", 3, List.of("12" + ",0".repeat(784)));
        assertRefused(DataSettings.own(label, Optional.of(label), OptionalDouble.empty()).withClasses(FashionMnist.CLASS_NAMES),
                label + ":5: label 12 is out of range; expected 0..9 for 10 classes");
        Path value = csv("value.csv", 1, List.of("3" + ",0".repeat(783) + ",256"));
        assertRefused(DataSettings.own(value, Optional.of(value), OptionalDouble.empty()),
                value + ":3: column 785: pixel value 256 is out of range; expected 0..255");
        Path word = csv("word.csv", 1, List.of("3" + ",0".repeat(783) + ",x"));
        assertRefused(DataSettings.own(word, Optional.of(word), OptionalDouble.empty()),
                word + ":3: column 785: expected a whole number, got 'x'");
        Path test = csv("test.csv", 2, List.of("11" + ",0".repeat(784)));
        Path train = csv("train.csv", 5, List.of());
        assertRefused(DataSettings.own(train, Optional.of(test), OptionalDouble.empty()),
                test + ":4: label 11 is out of range; expected 0..9 for 10 classes");
    }

    @Test
    void anIdxDirectoryIsReadWithItsLabelsNumberedUnlessNamed() throws IOException {
        Path idx = Files.createDirectories(dir.resolve("kmnist"));
        Files.copy(FashionMnistFiles.imagesFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TEST), idx.resolve("k49-images-idx3-ubyte.gz"));
        Files.copy(FashionMnistFiles.labelsFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TEST), idx.resolve("k49-labels-idx1-ubyte.gz"));

        RunData data = sources.load(DataSettings.own(idx, Optional.of(idx), OptionalDouble.empty()), new ImageShape(1, 28, 28));

        assertThat(data.train().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(data.train().size()).isEqualTo(TestData.test().size());

        Path mismatched = Files.createDirectories(dir.resolve("mismatched"));
        Files.copy(FashionMnistFiles.imagesFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TRAIN), mismatched.resolve("a-images-idx3-ubyte.gz"));
        Files.copy(FashionMnistFiles.labelsFile(TestData.subsetDirectory(), FashionMnistFiles.Part.TEST), mismatched.resolve("a-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> sources.load(DataSettings.own(mismatched, Optional.of(idx), OptionalDouble.empty()),
                new ImageShape(1, 28, 28))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(mismatched.resolve("a-images-idx3-ubyte.gz") + " holds " + TestData.train().size()
                        + " images but ").hasMessageEndingWith(" holds " + TestData.test().size() + " labels");
        Path binary = Files.write(dir.resolve("data.bin"), new byte[] {1, 2, 3});
        assertRefused(DataSettings.own(binary, Optional.of(idx), OptionalDouble.empty()), binary + ": expected an image folder "
                + "(PATH/<class>/<images>), a .csv file (label, then pixels) or a directory holding *-images-idx3-ubyte[.gz] and "
                + "*-labels-idx1-ubyte[.gz]");
    }

    private void assertRefused(DataSettings settings, String message) {
        assertThatThrownBy(() -> sources.load(settings, RGB)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }
}
