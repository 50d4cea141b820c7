package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatusMemoryTest {
    @TempDir
    Path directory;

    @Test
    void readsTheResidentSetFromLinuxsStatusFile() throws Exception {
        Path status = Files.writeString(directory.resolve("status"), "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  654321 kB\nThreads:\t40\n");

        assertThat(new ProcStatusMemory(status).residentBytes()).isEqualTo(654_321L * 1024);
    }

    @Test
    void withoutTheStatusFileItFallsBackToTheJavaHeap() {
        long resident = new ProcStatusMemory(directory.resolve("absent")).residentBytes();

        Runtime runtime = Runtime.getRuntime();
        assertThat(resident).isPositive().isLessThanOrEqualTo(runtime.totalMemory());
    }
}
