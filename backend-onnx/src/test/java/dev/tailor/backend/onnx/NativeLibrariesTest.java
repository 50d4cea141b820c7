package dev.tailor.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ONNX Runtime loads its natives from Tailor's cache, not from a temporary copy it would leave behind. */
class NativeLibrariesTest {
    @Test
    void onnxRuntimeRunsOnNativesUnpackedOnceIntoTheUsersCache() {
        assertThat(OnnxRuntime.version()).startsWith("ONNX Runtime 1.");

        Path cache = Path.of(System.getProperty("user.home"), ".cache", "tailor", "onnxruntime");
        for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
            Path loaded = Path.of(System.getProperty("onnxruntime.native." + library + ".path"));
            assertThat(loaded).isRegularFile().startsWith(cache).hasFileName(System.mapLibraryName(library));
            assertThat(loaded.getParent().getParent().getFileName()).as("the version's folder")
                    .hasToString(OrtEnvironment.class.getPackage().getImplementationVersion());
        }
    }
}
