package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.application.RunCheckpoint;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.OptimizerState;
import dev.tailor.domain.training.TrainingCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A training run's checkpoints: after every epoch, {@code epoch-NNN/} under a run's checkpoint directory holds
 * {@code state.safetensors} (the weights, the optimizer's slots and early stopping's best weights) and
 * {@code checkpoint.json} (which backend, the history so far, early stopping's choice, the state file's SHA-256).
 * Each is written beside its final name and renamed into place, then older ones are removed, so a run killed at any
 * moment leaves at least one complete checkpoint once it has finished an epoch.
 */
public final class CheckpointFiles {
    static final String FORMAT = "tailor-checkpoint";
    static final int FORMAT_VERSION = 1;
    private static final String STATE = "state.safetensors";
    private static final String MANIFEST = "checkpoint.json";
    private static final String WEIGHTS = "weights/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String BEST = "best/";
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)");

    private CheckpointFiles() {
    }

    record CheckpointJson(String format, int formatVersion, String backend, String initialWeights, long optimizerSteps,
                          List<ReportFiles.EpochJson> epochs, Integer bestEpoch, Double bestScore, String stopReason,
                          String sha256) {
    }

    /** Writes the checkpoint of {@code saved} into {@code directory}, replacing older ones. */
    public static void write(Path directory, RunCheckpoint saved) {
        TrainingCheckpoint c = saved.checkpoint();
        Path target = directory.resolve(String.format("epoch-%03d", c.epochsDone()));
        Path partial = directory.resolve(target.getFileName() + ".partial");
        try {
            Files.createDirectories(partial);
            byte[] state = SafeTensors.encode(new Weights(tensors(c)), Map.of("format", FORMAT));
            AtomicFiles.write(partial.resolve(STATE), state);
            CheckpointJson json = new CheckpointJson(FORMAT, FORMAT_VERSION, saved.backend(), saved.initialWeights(),
                    c.optimizer().steps(), c.epochs().stream().map(ReportFiles::epoch).toList(),
                    c.best().map(TrainingCheckpoint.Best::epoch).orElse(null), c.best().map(TrainingCheckpoint.Best::score).orElse(null),
                    c.stopReason().orElse(null), Checksums.sha256(partial.resolve(STATE)));
            AtomicFiles.write(partial.resolve(MANIFEST), Json.MAPPER.writeValueAsBytes(json));
            move(partial, target);
            for (Path older : checkpoints(directory)) {
                if (!older.equals(target)) {
                    FileTrees.delete(older);
                }
            }
        } catch (IOException e) {
            throw new TailorException("cannot write the checkpoint of epoch " + c.epochsDone() + " into " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code directory} holds a checkpoint that was written to the end (without reading it). */
    public static boolean holdsOne(Path directory) {
        return !checkpoints(directory).isEmpty();
    }

    /** The latest complete checkpoint in {@code directory}, if it holds one. */
    public static Optional<RunCheckpoint> latest(Path directory) {
        List<Path> all = checkpoints(directory);
        return all.isEmpty() ? Optional.empty() : Optional.of(read(all.get(all.size() - 1)));
    }

    private static Map<String, Tensor> tensors(TrainingCheckpoint c) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        c.weights().tensors().forEach((name, t) -> all.put(WEIGHTS + name, t));
        c.optimizer().slots().forEach((key, values) -> all.put(OPTIMIZER + key, new Tensor(List.of(values.length), values)));
        c.best().ifPresent(b -> b.weights().tensors().forEach((name, t) -> all.put(BEST + name, t)));
        return all;
    }

    private static RunCheckpoint read(Path checkpoint) {
        Path manifest = checkpoint.resolve(MANIFEST);
        CheckpointJson json;
        try {
            json = Json.MAPPER.readValue(TextFiles.read(manifest, ModelFiles.MAX_MANIFEST_BYTES, InvalidInputException::new),
                    CheckpointJson.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(manifest + ": not a valid checkpoint: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(json.format()) || json.formatVersion() != FORMAT_VERSION || json.epochs() == null) {
            throw new InvalidInputException(manifest + ": not a " + FORMAT + " version " + FORMAT_VERSION + " file");
        }
        Path stateFile = checkpoint.resolve(STATE);
        if (!Files.isRegularFile(stateFile) || !Checksums.sha256(stateFile).equals(json.sha256())) {
            throw new InvalidInputException(stateFile + ": missing or does not match the SHA-256 in " + manifest);
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, float[]> slots = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        SafeTensors.read(stateFile).tensors().forEach((name, t) -> {
            if (name.startsWith(WEIGHTS)) {
                weights.put(name.substring(WEIGHTS.length()), t);
            } else if (name.startsWith(OPTIMIZER)) {
                slots.put(name.substring(OPTIMIZER.length()), t.values());
            } else if (name.startsWith(BEST)) {
                best.put(name.substring(BEST.length()), t);
            } else {
                throw new InvalidInputException(stateFile + ": unexpected tensor " + name);
            }
        });
        Optional<TrainingCheckpoint.Best> kept = json.bestEpoch() == null ? Optional.empty()
                : Optional.of(new TrainingCheckpoint.Best(json.bestEpoch(), json.bestScore(), new Weights(best)));
        TrainingCheckpoint c = new TrainingCheckpoint(new Weights(weights), new OptimizerState(json.optimizerSteps(), slots),
                json.epochs().stream().map(ReportFiles.EpochJson::report).toList(), kept, Optional.ofNullable(json.stopReason()));
        return new RunCheckpoint(json.backend(), json.initialWeights(), c);
    }

    /** Complete checkpoints in {@code directory}, oldest first. */
    private static List<Path> checkpoints(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var entries = Files.list(directory)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingInt(CheckpointFiles::epochOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int epochOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
