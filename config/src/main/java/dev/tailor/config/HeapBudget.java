package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;

/** Refuses, before anything is read, a data set that would not fit in what the JVM may still allocate. */
final class HeapBudget {
    /** Room left for everything else a run allocates: batches, the engine's arrays, the test set. */
    private static final double SHARE = 0.7;

    private HeapBudget() {
    }

    /** @param what names the data, e.g. "photos/train: 60,000 images of 3x64x64" */
    static void require(long bytes, String what) {
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > available * SHARE) {
            throw new InvalidInputException(String.format("%s need %,d bytes of memory, more than %.0f%% of the %,d this JVM can "
                    + "still allocate; give Java more heap (e.g. TAILOR_JAVA_OPTS=-Xmx%dg), or use trainLimit/testLimit or a "
                    + "smaller input", what, bytes, SHARE * 100, available, Math.max(2, (long) Math.ceil(bytes / SHARE / (1L << 30)) + 1)));
        }
    }
}
