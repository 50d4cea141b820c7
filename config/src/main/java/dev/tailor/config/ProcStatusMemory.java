package dev.tailor.config;

import dev.tailor.application.port.out.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory as Linux tells it ({@code VmRSS} in /proc/self/status); the Java heap in use elsewhere. */
public final class ProcStatusMemory implements ProcessMemory {
    private final Path status;

    public ProcStatusMemory() {
        this(Path.of("/proc/self/status"));
    }

    ProcStatusMemory(Path status) {
        this.status = status;
    }

    @Override
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or a format we do not know: fall through to the floor.
        }
        return JAVA_HEAP.residentBytes();
    }
}
