package dev.tailor.domain.spi;

import dev.tailor.domain.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The backends installed on the class path, by name, and what each can do. */
public final class Backends {
    private final Map<String, Backend> byName;

    private Backends(Map<String, Backend> byName) {
        this.byName = byName;
    }

    public static Backends installed() {
        return of(ServiceLoader.load(Backend.class));
    }

    /** These backends, as if they were the installed ones (an embedder's own choice, a test's). */
    public static Backends of(Iterable<? extends Backend> backends) {
        Map<String, Backend> found = new TreeMap<>();
        for (Backend backend : backends) {
            Backend previous = found.putIfAbsent(backend.name(), backend);
            if (previous != null) {
                throw new IllegalStateException("two backends named '" + backend.name() + "': "
                        + previous.getClass().getName() + " and " + backend.getClass().getName());
            }
        }
        return new Backends(found);
    }

    /** The backend called {@code name}, to serve models; an unknown name fails, listing the installed ones. */
    public Backend named(String name) {
        Backend backend = byName.get(name);
        if (backend == null) {
            throw new InvalidInputException("unknown backend '" + name + "'; installed backends: "
                    + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
        }
        return backend;
    }

    /** The backend called {@code name}, to train; one that only serves models is refused, naming those that train. */
    public TrainingBackend trainer(String name) {
        if (named(name) instanceof TrainingBackend trainer) {
            return trainer;
        }
        throw new InvalidInputException("backend '" + name + "' serves models but cannot train; backends that train: "
                + (trainerNames().isEmpty() ? "none installed" : String.join(", ", trainerNames())));
    }

    /** The installed backend that writes models in {@code format}; an unknown format fails, listing those there are. */
    public ExportingBackend exporter(String format) {
        return exporters().stream().filter(e -> e.format().equals(format)).findFirst().orElseThrow(() -> new InvalidInputException(
                "no installed backend writes '" + format + "'; formats: "
                        + (exportFormats().isEmpty() ? "none" : String.join(", ", exportFormats()))));
    }

    /** The formats the installed backends write models in. */
    public List<String> exportFormats() {
        return exporters().stream().map(ExportingBackend::format).toList();
    }

    private List<ExportingBackend> exporters() {
        return byName.values().stream().filter(ExportingBackend.class::isInstance).map(ExportingBackend.class::cast).toList();
    }

    /** The installed backend that ranks itself highest, to serve models that name none installed. */
    public Backend preferred() {
        return byName.values().stream().max(Comparator.comparingInt(Backend::preference))
                .orElseThrow(() -> new InvalidInputException("no Tailor backend is installed; put a backend module "
                        + "(tailor-backend-*) on the class path"));
    }

    /** The installed backend that trains and ranks itself highest, for configs that name none. */
    public TrainingBackend preferredTrainer() {
        return trainers().stream().max(Comparator.comparingInt(Backend::preference))
                .orElseThrow(() -> new InvalidInputException("no installed Tailor backend can train"
                        + (byName.isEmpty() ? "; put a backend module (tailor-backend-*) on the class path"
                        : " (installed: " + String.join(", ", byName.keySet()) + ")")));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The names of the installed backends that train. */
    public List<String> trainerNames() {
        return trainers().stream().map(Backend::name).toList();
    }

    private List<TrainingBackend> trainers() {
        return byName.values().stream().filter(TrainingBackend.class::isInstance).map(TrainingBackend.class::cast).toList();
    }
}
