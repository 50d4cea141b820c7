package dev.tailor.config;

import dev.tailor.application.Comparison;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.ExperimentDirectory;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Adapter: an experiment as a directory of run directories (each what {@link FileRunStore} writes), beside its summaries:
 * {@code comparison.md} and {@code .json}, or {@code sweep.md}, {@code sweep.json} and {@code best-config.json}, and the
 * reporter's files. Summaries are written atomically, one file at a time.
 */
public final class FileExperimentStore implements ExperimentStore {
    @Override
    public ExperimentDirectory open(Path directory, boolean resume, boolean overwrite) {
        if (RunDirectory.holdsFiles(directory) && !resume) {
            if (!overwrite) {
                throw new InvalidInputException("output " + directory + " already holds an experiment; give --resume to "
                        + "finish it, --overwrite to replace it, or another --output");
            }
            FileTrees.delete(directory);
        }
        return new Directory(directory);
    }

    private record Directory(Path path) implements ExperimentDirectory {
        @Override
        public Path runDirectory(String name) {
            return path.resolve(name);
        }

        @Override
        public boolean isComplete(String name) {
            return FileRunStore.isComplete(runDirectory(name));
        }

        @Override
        public TailorConfig runConfig(String name) {
            return ConfigFiles.read(runDirectory(name).resolve(FileRunStore.CONFIG));
        }

        @Override
        public StoredRun readRun(String name) {
            return FileRuns.read(runDirectory(name));
        }

        @Override
        public void writeComparison(Comparison comparison) {
            write("comparison.md", comparison.markdown());
            write("comparison.json", ComparisonJson.of(comparison));
        }

        @Override
        public void writeSweep(SweepResult sweep) {
            write("sweep.md", sweep.markdown());
            write("sweep.json", SweepJson.of(sweep));
        }

        @Override
        public Path writeBestConfig(TailorConfig config) {
            write("best-config.json", ConfigFiles.toJson(config));
            return path.resolve("best-config.json");
        }

        @Override
        public BiConsumer<String, byte[]> files() {
            return (name, content) -> AtomicFiles.write(path.resolve(name), content);
        }

        private void write(String name, String content) {
            files().accept(name, content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
