package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.TailorVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble as one self-contained directory: a copy of every member model under {@code members/N/} and a
 * {@code manifest.json} of format {@code tailor-ensemble} listing them with their manifests' SHA-256. Its predictions
 * are the mean of its members' probabilities, whichever engines trained them.
 */
public final class EnsembleFiles {
    static final String FORMAT = "tailor-ensemble";
    static final int FORMAT_VERSION = 1;

    private EnsembleFiles() {
    }

    record MemberJson(String path, String trainedOn, String model, String manifestSha256) {
    }

    record ManifestJson(String format, Integer formatVersion, String tailorVersion, String createdAt, List<String> classNames,
                        List<MemberJson> members) {
    }

    /**
     * Checks that the models can vote together (same input, same classes in the same order) and writes the ensemble
     * into {@code directory}, which must not exist yet or be empty.
     */
    public static SavedEnsemble save(Path directory, List<Path> modelDirectories) {
        if (modelDirectories.size() < 2) {
            throw new InvalidInputException("an ensemble needs at least two models, got " + modelDirectories.size());
        }
        List<SavedModel> models = new ArrayList<>();
        for (Path dir : modelDirectories) {
            SavedModel model = ModelFiles.load(dir);
            SavedModel first = models.isEmpty() ? model : models.get(0);
            if (!model.input().equals(first.input()) || !model.classNames().equals(first.classNames())) {
                throw new InvalidInputException(dir + ": takes " + model.input() + " images of " + model.classNames() + " but "
                        + modelDirectories.get(0) + " takes " + first.input() + " images of " + first.classNames()
                        + "; ensemble members must agree");
            }
            if (model.inversion() != first.inversion()) {
                throw new InvalidInputException(dir + ": prepares images with inversion " + model.inversion().id() + " but "
                        + modelDirectories.get(0) + " with " + first.inversion().id()
                        + " (trained on other kinds of data); ensemble members must agree");
            }
            models.add(model);
        }
        List<MemberJson> members = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            String path = "members/" + (i + 1);
            Path copy = directory.resolve(path);
            copyModel(modelDirectories.get(i), copy);
            copies.add(copy);
            members.add(new MemberJson(path, models.get(i).trainedOn(), models.get(i).spec().name(),
                    Checksums.sha256(copy.resolve(ModelFiles.MANIFEST))));
        }
        ManifestJson manifest = new ManifestJson(FORMAT, FORMAT_VERSION, TailorVersion.current(), Instant.now().toString(),
                models.get(0).classNames(), members);
        try {
            AtomicFiles.write(directory.resolve(ModelFiles.MANIFEST),
                    (Json.MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TailorException("cannot write the ensemble manifest into " + directory + ": " + e.getMessage(), e);
        }
        return new SavedEnsemble(models, copies);
    }

    /** Whether {@code directory}'s manifest says it is an ensemble. */
    static boolean isEnsemble(Path directory) {
        Path file = directory.resolve(ModelFiles.MANIFEST);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            var format = Json.MAPPER.readTree(TextFiles.read(file, ModelFiles.MAX_MANIFEST_BYTES, InvalidInputException::new)).get("format");
            return format != null && FORMAT.equals(format.asText());
        } catch (IOException | InvalidInputException e) {
            return false;  // Not JSON, or too large: the model reader reports that, naming the file.
        }
    }

    static SavedEnsemble load(Path directory) {
        Path file = directory.resolve(ModelFiles.MANIFEST);
        ManifestJson manifest;
        try {
            manifest = Json.MAPPER.readValue(TextFiles.read(file, ModelFiles.MAX_MANIFEST_BYTES, InvalidInputException::new),
                    ManifestJson.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid ensemble manifest: " + e.getMessage());
        }
        if (manifest.formatVersion() == null || manifest.formatVersion() > FORMAT_VERSION || manifest.members() == null
                || manifest.members().isEmpty()) {
            throw new InvalidInputException(file + ": format " + FORMAT + " version " + manifest.formatVersion()
                    + " with " + (manifest.members() == null ? "no" : manifest.members().size()) + " members; this Tailor reads "
                    + "version " + FORMAT_VERSION + " with at least one member");
        }
        List<SavedModel> models = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (MemberJson member : manifest.members()) {
            Path dir = directory.resolve(member.path()).normalize();
            if (!dir.startsWith(directory.normalize())) {
                throw new InvalidInputException(file + ": member path " + member.path() + " leaves the ensemble's directory");
            }
            SavedModel model = ModelFiles.load(dir);
            if (!Checksums.sha256(dir.resolve(ModelFiles.MANIFEST)).equals(member.manifestSha256())) {
                throw new InvalidInputException(dir.resolve(ModelFiles.MANIFEST) + ": does not match the SHA-256 recorded in "
                        + file + " (modified or replaced)");
            }
            if (!model.classNames().equals(manifest.classNames())) {
                throw new InvalidInputException(dir + ": predicts " + model.classNames() + " but " + file + " lists "
                        + manifest.classNames());
            }
            models.add(model);
            dirs.add(dir);
        }
        return new SavedEnsemble(models, dirs);
    }

    private static void copyModel(Path from, Path to) {
        try {
            Files.createDirectories(to);
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new TailorException("cannot copy " + from + " into the ensemble at " + to + ": " + e.getMessage(), e);
        }
    }
}
