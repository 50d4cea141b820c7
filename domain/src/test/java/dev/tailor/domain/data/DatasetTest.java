package dev.tailor.domain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.testing.TestData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetTest {
    Dataset data;

    @BeforeEach
    void load() {
        data = TestData.synthetic(103);
    }

    /** Each synthetic image's first pixel is its index mod 256, which identifies it in a batch. */
    private static List<Integer> order(Iterable<Batch> batches) {
        List<Integer> ids = new ArrayList<>();
        for (Batch batch : batches) {
            for (int i = 0; i < batch.size(); i++) {
                ids.add(Math.round(batch.images().pixels()[i * 784] * 255));
            }
        }
        return ids;
    }

    @Test
    void batchesCoverEveryExampleOnceWithASmallerLastBatch() {
        List<Integer> sizes = new ArrayList<>();
        data.batches(32).forEach(b -> sizes.add(b.size()));

        assertThat(sizes).containsExactly(32, 32, 32, 7);
        assertThat(data.batchCount(32)).isEqualTo(4);
        assertThat(order(data.batches(32))).hasSize(103).doesNotHaveDuplicates();
        Batch first = data.batches(10).iterator().next();
        assertThat(first.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void shuffledOrderIsFixedBySeedAndDiffersBetweenSeeds() {
        List<Integer> a = order(data.shuffledBatches(16, 7));
        List<Integer> b = order(data.shuffledBatches(16, 7));
        List<Integer> c = order(data.shuffledBatches(16, 8));

        assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(103);
        assertThat(new HashSet<>(a)).isEqualTo(new HashSet<>(c));
        assertThat(a).isNotEqualTo(order(data.batches(16)));
    }

    @Test
    void shuffleOfAnEpochIsStableButDiffersFromOtherEpochs() {
        assertThat(Shuffle.epochSeed(42, 1)).isEqualTo(Shuffle.epochSeed(42, 1))
                .isNotEqualTo(Shuffle.epochSeed(42, 2))
                .isNotEqualTo(Shuffle.epochSeed(43, 1));
        assertThat(Shuffle.permutation(5, 1)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void takeKeepsTheFirstExamples() {
        Dataset first = data.take(5);

        assertThat(first.size()).isEqualTo(5);
        assertThat(first.labels()).containsExactly(0, 1, 2, 3, 4);
        assertThat(first.image(4).pixels()).isEqualTo(data.image(4).pixels());
        assertThat(data.take(1000).size()).isEqualTo(103);
        assertThatThrownBy(() -> data.take(-1)).hasMessageContaining("negative");
    }

    @Test
    void aStratifiedSplitHoldsOutTheSameShareOfEveryClassSeededAndDisjoint() {
        DataSplit split = data.stratifiedSplit(0.2, 3);
        DataSplit again = data.stratifiedSplit(0.2, 3);

        // 103 images, label i mod 10: classes 0-2 have 11 images (2 held out each), the others 10 (2 each).
        assertThat(split.validation().size()).isEqualTo(20);
        assertThat(split.train().size()).isEqualTo(83);
        assertThat(split.validation().classCounts()).containsOnly(2);
        Set<Integer> train = new HashSet<>(order(split.train().batches(50)));
        Set<Integer> validation = new HashSet<>(order(split.validation().batches(50)));
        assertThat(train).doesNotContainAnyElementsOf(validation);
        assertThat(train.size() + validation.size()).isEqualTo(103);
        assertThat(order(again.validation().batches(50))).isEqualTo(order(split.validation().batches(50)));
        assertThat(order(data.stratifiedSplit(0.2, 4).validation().batches(50))).isNotEqualTo(order(split.validation().batches(50)));
        assertThatThrownBy(() -> data.stratifiedSplit(1.0, 3)).hasMessageContaining("between 0 and 1");
    }
}
