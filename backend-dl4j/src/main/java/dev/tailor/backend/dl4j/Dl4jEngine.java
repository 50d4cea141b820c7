package dev.tailor.backend.dl4j;

import org.nd4j.common.config.ND4JSystemProperties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Process-wide ND4J settings, applied before any graph is built. */
final class Dl4jEngine {
    /** ND4JSystemProperties.SAMEDIFF_MEMORY_CACHE_DISABLE, whose value is read as "enable the cache". */
    private static final String SAMEDIFF_ARRAY_CACHE = ND4JSystemProperties.SAMEDIFF_MEMORY_CACHE_DISABLE;
    private static boolean configured;

    private Dl4jEngine() {
    }

    /**
     * float32 everywhere, and a thread count that does not oversubscribe the machine: ND4J's own pool and OpenMP
     * otherwise each take every core, and on 2 cores the spinning threads halve the speed. Once per process: the
     * first caller's count holds (see {@link dev.tailor.domain.spi.Backend#useThreads}).
     */
    static synchronized void configure(int threads) {
        if (configured) {
            return;
        }
        configured = true;
        // SameDiff's sessions otherwise cache released arrays for reuse, up to a quarter of the machine's memory: a
        // seed CNN epoch grew to 3.3-5.7 GB resident with or without a heap cap. Without the cache every array is
        // freed when the session is done with it: 0.87 GB, no heap flag, the same metrics and no slower.
        System.setProperty(SAMEDIFF_ARRAY_CACHE, "false");
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    static String version() {
        String version = Nd4j.class.getPackage().getImplementationVersion();
        return version != null ? version : "1.0.0-M2.1";
    }
}
