package dev.tailor.domain.augmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ImageShape;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each augmentation does, on a synthetic 1x6x6 image whose pixel (y, x) holds (6y + x + 1) / 100. */
class AugmentationTest {
    private static final ImageShape SHAPE = new ImageShape(1, 6, 6);

    private static Batch oneImage() {
        float[] pixels = new float[36];
        for (int i = 0; i < 36; i++) {
            pixels[i] = (i + 1) / 100f;
        }
        return new Batch(new Images(SHAPE, 1, pixels), new int[] {3});
    }

    private static float at(float[] pixels, int y, int x) {
        return pixels[y * 6 + x];
    }

    @Test
    void aShiftMovesTheImageByAtMostThatManyPixelsAndFillsWithZeros() {
        EpochAugmenter shift = new Augmentation(2, false, Optional.empty()).forEpoch(1, 1);
        int moved = 0;
        for (int trial = 0; trial < 50; trial++) {
            float[] out = shift.apply(oneImage()).images().pixels();
            // Find where the original (0, 0) value went, or infer the offset from a surviving pixel.
            int dx = Integer.MIN_VALUE;
            int dy = Integer.MIN_VALUE;
            for (int y = 0; y < 6 && dx == Integer.MIN_VALUE; y++) {
                for (int x = 0; x < 6; x++) {
                    if (out[y * 6 + x] != 0) {
                        int source = Math.round(out[y * 6 + x] * 100) - 1;
                        dy = y - source / 6;
                        dx = x - source % 6;
                        break;
                    }
                }
            }
            assertThat(Math.abs(dx)).isLessThanOrEqualTo(2);
            assertThat(Math.abs(dy)).isLessThanOrEqualTo(2);
            moved += dx != 0 || dy != 0 ? 1 : 0;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    float expected = sy >= 0 && sy < 6 && sx >= 0 && sx < 6 ? (sy * 6 + sx + 1) / 100f : 0f;
                    assertThat(at(out, y, x)).as("trial %d, (%d, %d) moved by (%d, %d)", trial, y, x, dy, dx).isEqualTo(expected);
                }
            }
        }
        assertThat(moved).as("most of 50 images move (1 in 25 stays)").isGreaterThan(40);
    }

    @Test
    void aFlipMirrorsAboutHalfTheImagesLeftToRight() {
        EpochAugmenter flip = new Augmentation(0, true, Optional.empty()).forEpoch(1, 1);
        int flipped = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] out = flip.apply(oneImage()).images().pixels();
            boolean mirrored = at(out, 0, 0) == 0.06f;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    assertThat(at(out, y, x)).isEqualTo((6 * y + (mirrored ? 5 - x : x) + 1) / 100f);
                }
            }
            flipped += mirrored ? 1 : 0;
        }
        assertThat(flipped).isBetween(80, 120);
    }

    @Test
    void erasingFillsOneRectangleOfTheDrawnSizeInHowManyImagesItsProbabilitySays() {
        RandomErasing zeroFill = new RandomErasing(0.5, 0.1, 0.3, 0.5, RandomErasing.Fill.ZERO);
        EpochAugmenter erase = new Augmentation(0, false, Optional.of(zeroFill)).forEpoch(1, 1);
        int erased = 0;
        for (int trial = 0; trial < 400; trial++) {
            float[] out = erase.apply(oneImage()).images().pixels();
            int minY = 6, maxY = -1, minX = 6, maxX = -1, zeros = 0;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    if (at(out, y, x) == 0) {
                        zeros++;
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    } else {
                        assertThat(at(out, y, x)).isEqualTo((6 * y + x + 1) / 100f);
                    }
                }
            }
            if (zeros > 0) {
                erased++;
                int h = maxY - minY + 1;
                int w = maxX - minX + 1;
                assertThat(zeros).as("the zeros form one rectangle").isEqualTo(h * w);
                assertThat(h * w).as("area within [0.1, 0.3] of 36 pixels, rounded").isBetween(2, 12);
                assertThat((double) h / w).as("aspect within [0.5, 2], rounded").isBetween(0.33, 3.0);
            }
        }
        // Half the images draw an erasure; a few draws do not fit the 6x6 image in ten tries.
        assertThat(erased).isBetween(160, 225);
    }

    @Test
    void randomFillDrawsValuesBetweenZeroAndOne() {
        RandomErasing always = new RandomErasing(1.0, 0.3, 0.3, 1.0, RandomErasing.Fill.RANDOM);
        float[] out = new Augmentation(0, false, Optional.of(always)).forEpoch(5, 2).apply(oneImage()).images().pixels();

        int changed = 0;
        for (int i = 0; i < 36; i++) {
            if (out[i] != (i + 1) / 100f) {
                changed++;
                assertThat(out[i]).isBetween(0f, 1f);
            }
        }
        assertThat(changed).isBetween(9, 12);
    }

    @Test
    void theSameSeedAndEpochGiveTheSamePixelsAndOthersDoNot() {
        Augmentation all = new Augmentation(2, true, Optional.of(RandomErasing.ZHONG));
        float[] first = all.forEpoch(7, 3).apply(oneImage()).images().pixels();

        assertThat(all.forEpoch(7, 3).apply(oneImage()).images().pixels()).isEqualTo(first);
        boolean anotherEpochDiffers = false;
        boolean anotherSeedDiffers = false;
        for (int k = 1; k <= 5; k++) {
            anotherEpochDiffers |= !java.util.Arrays.equals(all.forEpoch(7, 3 + k).apply(oneImage()).images().pixels(), first);
            anotherSeedDiffers |= !java.util.Arrays.equals(all.forEpoch(7 + k, 3).apply(oneImage()).images().pixels(), first);
        }
        assertThat(anotherEpochDiffers).isTrue();
        assertThat(anotherSeedDiffers).isTrue();
        assertThat(oneImage().images().pixels()).as("the input batch is not changed").isEqualTo(oneImage().images().pixels());
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new Augmentation(-1, false, Optional.empty())).hasMessage("shift must be 0 or more pixels, got -1");
        assertThatThrownBy(() -> new Augmentation(28, false, Optional.empty()).requireFits(new ImageShape(1, 28, 28)))
                .hasMessageContaining("shift 28 would move 28x28 images entirely out of view");
        assertThatThrownBy(() -> new RandomErasing(1.5, 0.02, 0.4, 0.3, RandomErasing.Fill.RANDOM))
                .hasMessage("erase probability must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new RandomErasing(0.5, 0.4, 0.02, 0.3, RandomErasing.Fill.RANDOM))
                .hasMessageContaining("0 < min <= max < 1");
        assertThatThrownBy(() -> new RandomErasing(0.5, 0.02, 0.4, 2, RandomErasing.Fill.RANDOM))
                .hasMessageContaining("minAspect must be in (0, 1]");
    }
}
