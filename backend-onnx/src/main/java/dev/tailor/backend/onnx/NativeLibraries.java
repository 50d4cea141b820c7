package dev.tailor.backend.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ONNX Runtime's native libraries, unpacked once into a per-user cache and loaded from there. Left to itself, ONNX
 * Runtime 1.23 copies them out of its jar into a fresh temporary directory on every start and leaves that directory
 * behind, empty, at exit (one per command run); DJL and DL4J keep their natives in a cache the same way
 * ({@code ~/.djl.ai}, {@code ~/.javacpp/cache}). The cache is {@code ~/.cache/tailor/onnxruntime/VERSION/PLATFORM}.
 */
final class NativeLibraries {
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private NativeLibraries() {
    }

    /**
     * Points ONNX Runtime at the cached libraries, unpacking them first if need be. Does nothing where the user already
     * named a library's path, where the jar has no libraries for this platform, or where there is no home directory or
     * the cache cannot be written: ONNX Runtime then loads as it would by itself.
     */
    static void useCache() {
        Optional<String> version = Optional.ofNullable(OrtEnvironment.class.getPackage().getImplementationVersion());
        Optional<String> platform = platform();
        // Without HOME the JVM's user.home is "?", a relative path: nothing is written under the working directory.
        Path home = Path.of(System.getProperty("user.home", ""));
        if (version.isEmpty() || platform.isEmpty() || !home.isAbsolute() || !Files.isDirectory(home)
                || LIBRARIES.stream().anyMatch(library -> System.getProperty(property(library)) != null)) {
            return;
        }
        Path directory = home.resolve(Path.of(".cache", "tailor", "onnxruntime", version.get(), platform.get()));
        try {
            for (String library : LIBRARIES) {
                String file = System.mapLibraryName(library);
                if (!unpacked("/ai/onnxruntime/native/" + platform.get() + "/" + file, directory.resolve(file))) {
                    return;
                }
            }
        } catch (IOException unwritable) {
            return;
        }
        LIBRARIES.forEach(library -> System.setProperty(property(library), directory.resolve(System.mapLibraryName(library)).toString()));
    }

    private static String property(String library) {
        return "onnxruntime.native." + library + ".path";
    }

    /** ONNX Runtime's name for this platform's folder of natives in its jar, where this is a platform it ships for. */
    private static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String system = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : null;
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return system == null || machine == null ? Optional.empty() : Optional.of(system + "-" + machine);
    }

    /**
     * Whether {@code target} holds the resource, copying it there if need be: written beside it under another name,
     * then moved into place in one step, so a second process starting at the same time never loads half a file. False
     * where the jar has no such resource.
     */
    private static boolean unpacked(String resource, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return true;
        }
        try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return true;
    }
}
