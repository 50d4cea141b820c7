package dev.tailor.domain.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Preprocessing.Inversion;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    private static int gray(int v) {
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    @Test
    void aFashionMnistImagePassesThroughExactly() {
        Image original = TestData.test().image(0);
        int[] argb = new int[784];
        for (int i = 0; i < 784; i++) {
            argb[i] = gray(Math.round(original.pixels()[i] * 255));
        }

        Image prepared = Preprocessing.prepare(28, 28, argb, MNIST, Inversion.AUTO);

        assertThat(prepared.pixels()).containsExactly(original.pixels());
    }

    @Test
    void aLightBackgroundIsInvertedAutomaticallyAndOnRequestOnly() {
        int[] argb = new int[56 * 56];
        Arrays.fill(argb, gray(255));
        for (int y = 20; y < 36; y++) {
            for (int x = 20; x < 36; x++) {
                argb[y * 56 + x] = gray(0);
            }
        }

        float[] auto = Preprocessing.prepare(56, 56, argb, MNIST, Inversion.AUTO).pixels();
        float[] never = Preprocessing.prepare(56, 56, argb, MNIST, Inversion.NEVER).pixels();

        assertThat(auto[0]).isEqualTo(0f);
        assertThat(auto[14 * 28 + 14]).isEqualTo(1f);
        assertThat(never[0]).isEqualTo(1f);
        assertThat(Preprocessing.prepare(56, 56, argb, MNIST, Inversion.ALWAYS).pixels()).containsExactly(auto);
    }

    @Test
    void colourAndTransparencyBecomeLuminanceOverWhite() {
        int red = 0xFFFF0000;
        int transparent = 0x00000000;
        int[] argb = {red, transparent, red, transparent};
        float[] out = Preprocessing.prepare(2, 2, argb, new ImageShape(1, 2, 2), Inversion.NEVER).pixels();

        assertThat(out[0]).as("0.299, rounded to 8 bits").isEqualTo(Math.round(0.299f * 255) / 255f);
        assertThat(out[1]).isEqualTo(1f);
    }

    @Test
    void paddingRowByRowGivesExactlyTheNumbersOfPaddingTheWholeSquare() {
        java.util.Random random = new java.util.Random(7);
        for (int[] size : new int[][] {{37, 11}, {11, 37}, {28, 20}, {100, 3}, {1, 60}}) {
            int width = size[0];
            int height = size[1];
            int[] argb = new int[width * height];
            for (int i = 0; i < argb.length; i++) {
                argb[i] = gray(random.nextInt(256));
            }
            float[] gray = new float[argb.length];
            for (int i = 0; i < argb.length; i++) {
                gray[i] = (argb[i] & 0xFF) / 255f;
            }
            // The border's mean as Preprocessing sums it: top and bottom rows, then the sides between them.
            double border = 0;
            int count = 0;
            for (int x = 0; x < width; x++) {
                border += gray[x] + gray[(height - 1) * width + x];
                count += 2;
            }
            for (int y = 1; y < height - 1; y++) {
                border += gray[y * width] + gray[y * width + width - 1];
                count += 2;
            }
            int side = Math.max(width, height);
            float[] square = new float[side * side];
            Arrays.fill(square, (float) (border / count));
            for (int y = 0; y < height; y++) {
                System.arraycopy(gray, y * width, square, ((side - height) / 2 + y) * side + (side - width) / 2, width);
            }

            assertThat(Preprocessing.prepare(width, height, argb, MNIST, Inversion.NEVER).pixels()).as("%dx%d", width, height)
                    .containsExactly(eightBit(Preprocessing.resize(square, side, side, 28, 28)));
        }
    }

    @Test
    void anImageLongerThanTheLimitOnASideIsRefused() {
        assertThatThrownBy(() -> Preprocessing.prepare(20_001, 1, new int[20_001], MNIST, Inversion.NEVER))
                .isInstanceOf(dev.tailor.domain.InvalidInputException.class)
                .hasMessage("an image of 20001x1 is longer than 20000 pixels on a side");
    }

    @Test
    void resizingAveragesAreasAndPaddingKeepsProportions() {
        assertThat(Preprocessing.resize(new float[] {0, 1, 1, 0}, 4, 1, 2, 1)).containsExactly(0.5f, 0.5f);
        float[] third = Preprocessing.resize(new float[] {0, 0, 1}, 3, 1, 2, 1);
        assertThat(third[0]).isCloseTo(0f, within(1e-6f));
        assertThat(third[1]).isCloseTo(2 / 3f, within(1e-6f));

        // A wide dark image with a light vertical stripe: padded top and bottom with the dark border, not stretched.
        int[] wide = new int[112 * 28];
        Arrays.fill(wide, gray(0));
        for (int y = 0; y < 28; y++) {
            wide[y * 112 + 56] = gray(255);
        }
        float[] out = Preprocessing.prepare(112, 28, wide, MNIST, Inversion.AUTO).pixels();
        // The padding is the border's mean: the stripe touches the border at 2 of its 276 pixels.
        float fill = 2f / 276;
        assertThat(out[0]).isEqualTo(Math.round(fill * 255) / 255f);
        assertThat(out[2 * 28 + 14]).isEqualTo(Math.round(fill * 255) / 255f);
        assertThat(out[14 * 28 + 14]).isEqualTo(Math.round(0.25f * 255) / 255f);
    }

    /** Each value rounded to a byte, as training images are held. */
    private static float[] eightBit(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] * 255f) / 255f;
        }
        return out;
    }

    @Test
    void threeChannelsKeepRedGreenAndBlueAndTransparencyIsWhite() {
        ImageShape rgb = new ImageShape(3, 2, 2);
        int[] argb = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0x00000000};

        float[] out = Preprocessing.prepare(2, 2, argb, rgb, Inversion.NEVER).pixels();

        assertThat(out).containsExactly(
                1, 0, 0, 1,   // red plane: the red pixel, and the transparent one over white
                0, 1, 0, 1,   // green
                0, 0, 1, 1);  // blue
    }

    @Test
    void aNonSquareInputIsFilledToItsOwnAspectRatio() {
        // 4 wide, 2 high, into an input 2 wide and 1 high: the same ratio, so averaged pairs and nothing padded.
        int[] argb = {gray(0), gray(255), gray(255), gray(255), gray(0), gray(0), gray(0), gray(0)};
        assertThat(Preprocessing.prepare(4, 2, argb, new ImageShape(1, 1, 2), Inversion.NEVER).pixels())
                .containsExactly(Math.round(255 * 0.25f) / 255f, Math.round(255 * 0.5f) / 255f);
        // A square image into a wide input: padded left and right with the border's mean (here all 0.2).
        int[] square = new int[4];
        Arrays.fill(square, gray(51));
        assertThat(Preprocessing.prepare(2, 2, square, new ImageShape(1, 2, 4), Inversion.NEVER).pixels())
                .containsOnly(51 / 255f);
    }

    @Test
    void inputsOfOtherChannelCountsAreRefused() {
        assertThatThrownBy(() -> Preprocessing.prepare(1, 1, new int[1], new ImageShape(2, 1, 1), Inversion.NEVER))
                .hasMessage("a model input of 2 channels: images can be given to inputs of 1 (grayscale) or 3 (RGB) channels");
    }
}
