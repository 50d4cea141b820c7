package dev.tailor.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For tests tagged {@code small-heap}, which surefire runs in a JVM with a 64 MiB heap: a hostile file that an
 * unbounded reader would inflate into memory fails there with OutOfMemoryError instead of passing by luck.
 */
public final class SmallHeap {
    public static final String TAG = "small-heap";

    private SmallHeap() {
    }

    /** Fails unless this JVM's heap really is small, so the test cannot pass for the wrong reason. */
    public static void require() {
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap of the small-heap test JVM").isLessThanOrEqualTo(80L << 20);
    }
}
