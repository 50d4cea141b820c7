package dev.tailor.domain.data;

import java.util.SplittableRandom;

/**
 * Seeded permutations, computed here rather than in an engine so that every backend sees the same example order
 * for the same seed.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** A Fisher-Yates permutation of 0..size-1, fully determined by the seed. */
    public static int[] permutation(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** The seed of a run's validation split: fixed by the run's seed, apart from every epoch's shuffle. */
    public static long validationSeed(long runSeed) {
        return new SplittableRandom(runSeed).split().split().nextLong();
    }

    /** The shuffle seed of one epoch (1-based): distinct per epoch, fixed by the run's seed. */
    public static long epochSeed(long runSeed, int epoch) {
        return new SplittableRandom(runSeed).split().nextLong() ^ (0x9E3779B97F4A7C15L * epoch);
    }
}
