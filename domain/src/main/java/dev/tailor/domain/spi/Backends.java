package dev.tailor.domain.spi;

import dev.tailor.domain.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The backends installed on the class path, by name. */
public final class Backends {
    private final Map<String, Backend> byName;

    private Backends(Map<String, Backend> byName) {
        this.byName = byName;
    }

    public static Backends installed() {
        Map<String, Backend> found = new TreeMap<>();
        for (Backend backend : ServiceLoader.load(Backend.class)) {
            Backend previous = found.putIfAbsent(backend.name(), backend);
            if (previous != null) {
                throw new IllegalStateException("two backends named '" + backend.name() + "': "
                        + previous.getClass().getName() + " and " + backend.getClass().getName());
            }
        }
        return new Backends(found);
    }

    /** The backend called {@code name}; an unknown name fails, listing the installed ones. */
    public Backend named(String name) {
        Backend backend = byName.get(name);
        if (backend == null) {
            throw new InvalidInputException("unknown backend '" + name + "'; installed backends: "
                    + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
        }
        return backend;
    }

    /** The installed backend that ranks itself highest, for configs that name none. */
    public Backend preferred() {
        return byName.values().stream().max(java.util.Comparator.comparingInt(Backend::preference))
                .orElseThrow(() -> new InvalidInputException("no Tailor backend is installed; put a backend module "
                        + "(tailor-backend-*) on the class path"));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
