package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.TorchModule;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.WeightsOrigin;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained model as one portable directory: {@code weights.safetensors} (float32, PyTorch names and layouts, loadable
 * by any backend and by PyTorch itself) and {@code manifest.json} (the spec, class names, preprocessing, and how the
 * model was made). Files are written under temporary names and renamed, the manifest last; the manifest records the
 * weights' SHA-256, so a damaged or half-written model never loads.
 */
public final class ModelFiles {
    public static final String WEIGHTS = "weights.safetensors";
    public static final String MANIFEST = "manifest.json";
    static final String FORMAT = "tailor-model";
    static final int FORMAT_VERSION = 1;
    /** A manifest is a few KiB (spec, classes, metrics); anything near this is not one. */
    static final long MAX_MANIFEST_BYTES = 16L << 20;

    @JsonIgnoreProperties(ignoreUnknown = true)  // Newer Tailors may record more; what this one needs is checked.
    record ManifestJson(String format, Integer formatVersion, String tailorVersion, String createdAt, ModelJson model,
                        List<ModuleJson> modules, List<String> classNames, PreprocessingJson preprocessing, InferenceJson inference,
                        WeightsJson weights, TrainedWith trainedWith, List<TensorJson> tensors, ConfigJson.Training training,
                        DataJson data, @JsonInclude(JsonInclude.Include.NON_NULL) StartedFromJson startedFrom,
                        Map<String, Double> metrics) {
    }

    /** The trained model a run's starting weights came from (transfer learning): its path and weights' SHA-256. */
    record StartedFromJson(String path, String sha256) {
    }

    /**
     * One PyTorch module of the network, as {@code torch.nn} builds it, or one of Tailor's composites with its named
     * parts: what a loader in another language builds the network from (docs/pytorch/load_tailor_model.py).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ModuleJson(String module, Map<String, Object> args, Map<String, List<ModuleJson>> parts) {
        static List<ModuleJson> of(List<TorchModule> modules) {
            return modules.stream().map(m -> new ModuleJson(m.name(), m.args(), parts(m.parts()))).toList();
        }

        private static Map<String, List<ModuleJson>> parts(Map<String, List<TorchModule>> parts) {
            Map<String, List<ModuleJson>> json = new LinkedHashMap<>();
            parts.forEach((name, modules) -> json.put(name, of(modules)));
            return json;
        }
    }

    /** One tensor as the spec declares it, so that readers outside Java (the PyTorch loader) need not work it out. */
    record TensorJson(String name, String role, String dtype, List<Integer> shape, boolean trainable) {
        static List<TensorJson> of(ModelSpec spec) {
            return spec.tensors().stream()
                    .map(t -> new TensorJson(t.name(), t.role().id(), t.dtype().name(), t.shape(), t.trainable())).toList();
        }
    }

    record WeightsJson(String file, String format, String sha256) {
    }

    /** How predictions are made: {@code tta} is none, or flip (the mean over the image and its mirror). */
    record InferenceJson(String tta) {
    }

    record TrainedWith(String backend, String engine, String java, String os) {
    }

    record DataJson(String directory, Map<String, String> sha256, Integer trainImages) {
    }

    /**
     * What an image must look like before it reaches the network: {@code invert} is how files are prepared for it
     * (auto: inverted when their border is mostly light, for models of light-on-dark data such as Fashion-MNIST; never:
     * as its training images were decoded). Older manifests have no {@code invert}: auto.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)  // Older manifests describe the background too.
    record PreprocessingJson(String description, List<Integer> input, String range, String invert) {
        static PreprocessingJson of(ModelSpec spec, Preprocessing.Inversion inversion) {
            return new PreprocessingJson("transparency over white; " + (spec.input().channels() == 1 ? "luminance" : "RGB")
                    + "; padded to the input's aspect ratio with the border's mean; area-averaged to the input size; "
                    + "inverted as invert says; rounded to 8 bits; values divided by 255",
                    List.of(spec.input().channels(), spec.input().height(), spec.input().width()), "[0, 1]", inversion.id());
        }

        Preprocessing.Inversion inversion() {
            return invert == null ? Preprocessing.Inversion.AUTO : Preprocessing.Inversion.fromId(invert);
        }
    }

    private ModelFiles() {
    }

    /** Writes a model of light-on-dark data (Fashion-MNIST's kind) into {@code directory} (created if needed). */
    public static void save(Path directory, ModelSpec spec, List<String> classNames, Weights weights, Provenance p,
                            Map<String, Double> metrics) {
        save(directory, spec, classNames, weights, p, metrics, Preprocessing.Inversion.AUTO);
    }

    /** Writes the model into {@code directory} (created if needed); image files will be prepared with {@code inversion}. */
    public static void save(Path directory, ModelSpec spec, List<String> classNames, Weights weights, Provenance p,
                            Map<String, Double> metrics, Preprocessing.Inversion inversion) {
        weights.requireFits(spec);
        byte[] safetensors = SafeTensors.encode(weights.orderedFor(spec), Map.of("format", "pt", "tailor.model", spec.name()));
        try {
            AtomicFiles.write(directory.resolve(WEIGHTS), safetensors);
            PreprocessingJson preprocessing = PreprocessingJson.of(spec, inversion);
            ManifestJson manifest = new ManifestJson(FORMAT, FORMAT_VERSION, p.tailorVersion(), Instant.now().toString(),
                    ModelJson.from(spec), ModuleJson.of(spec.torchModules()), classNames, preprocessing, new InferenceJson(p.training().tta().id()),
                    new WeightsJson(WEIGHTS, "safetensors: F32 tensors and I64 batch counters, PyTorch nn.Sequential names and layouts",
                            Checksums.sha256(directory.resolve(WEIGHTS))),
                    new TrainedWith(p.backend(), p.engine(), System.getProperty("java.version"),
                            System.getProperty("os.name") + " " + System.getProperty("os.arch")),
                    TensorJson.of(spec), ConfigJson.Training.from(p.training()),
                    new DataJson(p.data().source(), p.data().sha256(), p.trainImages()),
                    p.startedFrom().map(o -> new StartedFromJson(o.path(), o.sha256())).orElse(null), metrics);
            AtomicFiles.write(directory.resolve(MANIFEST),
                    (Json.MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TailorException("cannot write the manifest into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a model or an ensemble directory, whichever it is. */
    public static ServableModel open(Path directory) {
        return EnsembleFiles.isEnsemble(directory) ? EnsembleFiles.load(directory) : load(directory);
    }

    /** Reads and checks a model directory; every problem names the file at fault. */
    public static SavedModel load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + ": model directory not found");
        }
        Path manifestFile = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(directory + ": no " + MANIFEST + "; not a Tailor model directory");
        }
        if (EnsembleFiles.isEnsemble(directory)) {
            throw new InvalidInputException(directory + ": an ensemble, not a single model; give one of its members, e.g. "
                    + directory.resolve("members").resolve("1"));
        }
        ManifestJson manifest = readManifest(manifestFile);
        Path weightsFile = directory.resolve(plainFileName(manifest.weights().file(), manifestFile));
        if (!Files.isRegularFile(weightsFile)) {
            throw new InvalidInputException(weightsFile + ": file not found (named in " + manifestFile + ")");
        }
        if (!Checksums.sha256(weightsFile).equals(manifest.weights().sha256())) {
            throw new InvalidInputException(weightsFile + ": does not match the SHA-256 recorded in " + manifestFile
                    + " (modified or damaged)");
        }
        ModelSpec spec = manifest.model().toDomain();
        if (manifest.tensors() != null && !manifest.tensors().equals(TensorJson.of(spec))) {
            throw new InvalidInputException(manifestFile + ": the tensors it lists are not those its model declares");
        }
        Weights weights = SafeTensors.read(weightsFile).weights();
        try {
            weights.requireFits(spec);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(weightsFile + ": " + e.getMessage());
        }
        if (manifest.classNames().size() != spec.classes()) {
            throw new InvalidInputException(manifestFile + ": " + manifest.classNames().size() + " class names for a model of "
                    + spec.classes() + " classes");
        }
        TrainedWith with = manifest.trainedWith();
        TestTimeAugmentation tta;
        try {
            tta = manifest.inference() == null || manifest.inference().tta() == null ? TestTimeAugmentation.NONE
                    : TestTimeAugmentation.fromId(manifest.inference().tta());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(manifestFile + ": inference: " + e.getMessage());
        }
        Preprocessing.Inversion inversion;
        try {
            inversion = manifest.preprocessing() == null ? Preprocessing.Inversion.AUTO : manifest.preprocessing().inversion();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(manifestFile + ": preprocessing: " + e.getMessage());
        }
        return new SavedModel(spec, List.copyOf(manifest.classNames()), weights.orderedFor(spec), tta,
                with == null ? null : with.backend(), with == null ? null : with.engine(), manifest.createdAt(), inversion);
    }

    /** The SHA-256 of the model's weights file, as its manifest records it. */
    public static String weightsSha256(Path directory) {
        return readManifest(directory.resolve(MANIFEST)).weights().sha256();
    }

    /** The provenance a model directory records; a manifest without one (written by hand, say) is refused. */
    public static Provenance provenance(Path directory) {
        Path manifestFile = directory.resolve(MANIFEST);
        ManifestJson m = readManifest(manifestFile);
        if (m.trainedWith() == null || m.training() == null || m.data() == null) {
            throw new InvalidInputException(manifestFile + ": records no provenance (trainedWith, training and data)");
        }
        return new Provenance(m.tailorVersion(), m.trainedWith().backend(), m.trainedWith().engine(), m.training().toDomain(),
                new DataOrigin(m.data().directory(), m.data().sha256() == null ? Map.of() : m.data().sha256()),
                m.data().trainImages() == null ? 0 : m.data().trainImages(),
                createdAt(m, manifestFile),
                Optional.ofNullable(m.startedFrom()).map(s -> new WeightsOrigin(s.path(), s.sha256())));
    }

    /** A manifest names its weights beside it; a path elsewhere (../, /etc/...) would read any file on the machine. */
    private static String plainFileName(String name, Path manifestFile) {
        boolean plain;
        try {
            Path path = Path.of(name);
            plain = path.getNameCount() == 1 && !path.isAbsolute() && path.getFileName().toString().equals(name)
                    && !name.equals("..") && !name.equals(".");
        } catch (InvalidPathException e) {
            plain = false;
        }
        if (!plain) {
            throw new InvalidInputException(manifestFile + ": weights.file '" + name
                    + "' must be the name of a file beside the manifest, such as " + WEIGHTS);
        }
        return name;
    }

    private static Instant createdAt(ManifestJson manifest, Path file) {
        try {
            return manifest.createdAt() == null ? Instant.EPOCH : Instant.parse(manifest.createdAt());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(file + ": createdAt '" + manifest.createdAt()
                    + "' is not a time such as 2026-11-25T06:00:00Z");
        }
    }

    /** Weights for initialising training: a model directory, or a bare safetensors file that fits the spec. */
    public static Weights readWeights(Path modelOrFile, ModelSpec spec) {
        Weights weights = Files.isDirectory(modelOrFile) ? load(modelOrFile).weights() : SafeTensors.read(modelOrFile).weights();
        try {
            weights.requireFits(spec);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(modelOrFile + ": " + e.getMessage());
        }
        return weights.orderedFor(spec);
    }

    private static ManifestJson readManifest(Path file) {
        return parseManifest(TextFiles.read(file, MAX_MANIFEST_BYTES, InvalidInputException::new), file.toString());
    }

    /** A manifest's text, checked; {@code file} names it in errors. */
    static ManifestJson parseManifest(String text, String file) {
        ManifestJson manifest;
        try {
            manifest = Json.MAPPER.readValue(text, ManifestJson.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid manifest: " + e.getOriginalMessage());
        }
        if (manifest == null) {
            throw new InvalidInputException(file + ": not a valid manifest: empty");
        }
        if (!FORMAT.equals(manifest.format()) || manifest.formatVersion() == null || manifest.formatVersion() > FORMAT_VERSION) {
            throw new InvalidInputException(file + ": format " + manifest.format() + " version " + manifest.formatVersion()
                    + "; this Tailor reads " + FORMAT + " version " + FORMAT_VERSION);
        }
        if (manifest.model() == null || manifest.classNames() == null || manifest.weights() == null
                || manifest.weights().file() == null || manifest.weights().sha256() == null) {
            throw new InvalidInputException(file + ": missing model, classNames or weights (file and sha256)");
        }
        return manifest;
    }

    /** Writes a bare weights file, e.g. for {@code tailor export}. */
    /**
     * What a file exported from the model in {@code directory} carries about it: its name, class names (a JSON array),
     * preprocessing (the manifest's JSON), the Tailor version that exports it and the SHA-256 of the weights it came from.
     */
    /** One network of an exported file, as its {@code tailor.networks} metadata lists it. */
    record ExportedNetworkJson(String model, String tta, String weightsSha256) {
    }

    /**
     * An exported file's metadata: the model's name ({@code ensemble} for one), class names, preprocessing and the
     * Tailor version; every network's name, test-time augmentation and weights' SHA-256 ({@code tailor.networks}), and
     * for a single model its weights' SHA-256 alone too ({@code tailor.weightsSha256}).
     */
    public static Map<String, String> exportMetadata(Path directory, ServableModel model) {
        List<Path> directories = model.accept(new ServableModel.Visitor<>() {
            @Override
            public List<Path> single(SavedModel single) {
                return List.of(directory);
            }

            @Override
            public List<Path> ensemble(SavedEnsemble ensemble) {
                return ensemble.memberDirectories();
            }
        });
        List<NetworkAverage.Network> networks = model.average().networks();
        List<ExportedNetworkJson> listed = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            listed.add(new ExportedNetworkJson(networks.get(i).spec().name(), networks.get(i).tta().id(), weightsSha256(directories.get(i))));
        }
        try {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("tailor.model", model.name());
            metadata.put("tailor.classNames", Json.COMPACT.writeValueAsString(model.classNames()));
            metadata.put("tailor.preprocessing", Json.COMPACT.writeValueAsString(PreprocessingJson.of(networks.get(0).spec(), model.inversion())));
            metadata.put("tailor.version", TailorVersion.current());
            metadata.put("tailor.networks", Json.COMPACT.writeValueAsString(listed));
            if (listed.size() == 1) {
                metadata.put("tailor.weightsSha256", listed.get(0).weightsSha256());
            }
            // In this order, every time: the exported file's bytes do not change from one export to the next.
            return Collections.unmodifiableMap(metadata);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void exportWeights(Path file, SavedModel model) {
        AtomicFiles.write(file, SafeTensors.encode(model.weights(), Map.of("format", "pt", "tailor.model", model.spec().name())));
    }
}
