package dev.tailor.application.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest resident memory of this process while a piece of work runs, sampled every 50 ms from
 * {@code /proc/self/status}. Native engines allocate outside the Java heap, so the heap alone would understate them.
 * Where /proc is missing, the Java heap in use is sampled instead.
 */
public final class MemorySampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public MemorySampler() {
        sample();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tailor-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        peak.accumulateAndGet(residentBytes(), Math::max);
    }

    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or an unexpected format: the heap is the next best measure.
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    public long peakBytes() {
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
