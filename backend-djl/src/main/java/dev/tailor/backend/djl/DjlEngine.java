package dev.tailor.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine the only way Tailor allows: offline, without the start-up tracking call, and with a
 * thread count that does not oversubscribe the machine. Set inside the adapter so no user can forget it.
 */
final class DjlEngine {
    static final String NAME = "PyTorch";
    private static Engine engine;

    private DjlEngine() {
    }

    /** Starts the engine with {@code threads} threads, or returns it as it was first started. */
    static synchronized Engine start(int threads) {
        if (engine == null) {
            // Offline: the natives come from the class path, and a missing piece fails at once instead of downloading.
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("OPT_OUT_TRACKING", "true");
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            engine = Engine.getEngine(NAME);
            JniUtils.setNumThreads(threads);
            LibTorchLogging.applyLevel();
        }
        return engine;
    }

    /** The engine as it runs: started as it was, or now with every core. */
    static synchronized Engine start() {
        return engine != null ? engine : start(Runtime.getRuntime().availableProcessors());
    }

    /** Versions, for provenance; starts the engine if need be. */
    static synchronized String describe() {
        Engine started = start();
        return "DJL " + Engine.getDjlVersion() + " with PyTorch " + started.getVersion();
    }
}
