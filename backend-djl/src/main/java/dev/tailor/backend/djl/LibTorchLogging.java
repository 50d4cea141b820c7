package dev.tailor.backend.djl;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * libtorch's C++ core logs warnings straight to stderr that no user can act on: a deprecated internal API DJL's
 * native layer calls, and, on CPUs without NNPACK (this machine), two lines for every small-batch forward pass, so a
 * server would log two lines per request. The engine reads its level from {@value #LEVEL_VARIABLE} only when Python
 * starts it, so Tailor sets it here: errors only, unless the variable is set, which is then honoured.
 */
final class LibTorchLogging {
    static final String LEVEL_VARIABLE = "TORCH_CPP_LOG_LEVEL";
    private static final int ERROR = 2;

    private LibTorchLogging() {
    }

    /** Call once libtorch is loaded. Where its library or symbols cannot be found, logging stays as it was. */
    static void applyLevel() {
        loadedC10().ifPresent(library -> {
            try {
                NativeLibrary c10 = NativeLibrary.getInstance(library.toString());
                if (System.getenv(LEVEL_VARIABLE) != null) {
                    c10.getFunction("_ZN3c1011initLoggingEv").invokeVoid(new Object[0]);
                } else {
                    c10.getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, ERROR);
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // Another libtorch build: its warnings show, nothing else changes.
            }
        });
    }

    /** The libc10 this process loaded (DJL extracts its own copy; another may be installed system-wide). */
    private static Optional<Path> loadedC10() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.endsWith("/libc10.so"))
                    .findFirst().map(Path::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
