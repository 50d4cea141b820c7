package dev.tailor.backend.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Casts between float32 and bfloat16 that autograd differentiates: two tiny TorchScript modules
 * (src/torchscript/casts.py writes them). DJL cannot do this itself: its {@code toType} runs with autograd off, and its
 * native layer has no bfloat16 (asking for one aborts the process).
 */
final class Bf16Casts {
    private static Bf16Casts loaded;

    /** Held for the process's life: DJL releases a model's native module once nothing references the model. */
    private final Model toBf16;
    private final Model toFloat;
    private final ParameterStore none = new ParameterStore();

    private Bf16Casts(Model toBf16, Model toFloat) {
        this.toBf16 = toBf16;
        this.toFloat = toFloat;
    }

    /** The casts, loaded once per process (the modules live as long as it does). */
    static synchronized Bf16Casts get() {
        if (loaded == null) {
            loaded = new Bf16Casts(module("to_bf16"), module("to_float"));
        }
        return loaded;
    }

    /**
     * A bfloat16 copy owned by {@code scope}: a module's result belongs to its input's manager, which for a weight
     * lives as long as training, so each step's copies would pile up there.
     */
    NDArray toBf16(NDArray array, NDManager scope) {
        NDArray copy = toBf16.getBlock().forward(none, new NDList(array), true).singletonOrThrow();
        copy.attach(scope);
        return copy;
    }

    NDArray toFloat(NDArray array) {
        return toFloat.getBlock().forward(none, new NDList(array), true).singletonOrThrow();
    }

    private static Model module(String name) {
        Model model = Model.newInstance(name, DjlEngine.NAME);
        try (InputStream in = Bf16Casts.class.getResourceAsStream(name + ".pt")) {
            if (in == null) {
                throw new IllegalStateException(name + ".pt is missing from the DJL backend's jar");
            }
            model.load(in, Map.of());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the " + name + " cast module", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("the " + name + " cast module does not load: " + e.getMessage(), e);
        }
    }
}
