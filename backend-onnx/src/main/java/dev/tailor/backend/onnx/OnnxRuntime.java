package dev.tailor.backend.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.tailor.domain.TailorException;

/**
 * ONNX Runtime as Tailor runs it: one environment per JVM (the runtime allows no more), warnings only, and sessions
 * with the thread count chosen once ({@code useThreads}, else every core) and all graph optimisations on.
 */
final class OnnxRuntime {
    private static int threads = Runtime.getRuntime().availableProcessors();

    static {
        // Before any ONNX Runtime class loads its natives: every use of the runtime goes through this class.
        NativeLibraries.useCache();
    }

    private OnnxRuntime() {
    }

    static synchronized OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "tailor");
    }

    static synchronized void useThreads(int count) {
        threads = count;
    }

    /** A session of the model: {@code run} may be called from several threads at once. */
    static OrtSession session(byte[] model) {
        int intraOp;
        synchronized (OnnxRuntime.class) {
            intraOp = threads;
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOp);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return environment().createSession(model, options);
        } catch (OrtException e) {
            throw new TailorException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    static String version() {
        return "ONNX Runtime " + environment().getVersion();
    }
}
