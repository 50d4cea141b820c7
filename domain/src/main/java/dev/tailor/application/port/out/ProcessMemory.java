package dev.tailor.application.port.out;

/**
 * The memory this process holds, as run.json, bench and soak report it. Native engines allocate outside the Java heap,
 * so an adapter asks the operating system; {@link #JAVA_HEAP} is the floor where it cannot.
 */
@FunctionalInterface
public interface ProcessMemory {
    /** The Java heap in use: understates a native engine's share. */
    ProcessMemory JAVA_HEAP = () -> {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    };

    /** Bytes resident now. */
    long residentBytes();
}
