package dev.tailor.application.service;

import dev.tailor.application.port.out.ProcessMemory;
import java.util.concurrent.atomic.AtomicLong;

/** The highest resident memory of this process while a piece of work runs, sampled every 50 ms. */
final class MemorySampler implements AutoCloseable {
    private final ProcessMemory memory;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    MemorySampler(ProcessMemory memory) {
        this.memory = memory;
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
        peak.accumulateAndGet(memory.residentBytes(), Math::max);
    }

    long peakBytes() {
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
