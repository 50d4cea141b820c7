package dev.tailor.cli;

import dev.tailor.application.SavedModel;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.BenchmarkUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.config.ReportFiles;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.Precision;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Measures each backend on a config's network: steady-state training images/s (after warm-up",
                "batches, reported apart), batch inference images/s over the test set, one-image latency p50/p99",
                "through the Classifier port, the process's peak resident memory, and the GFLOP/s training achieved",
                "(3 x the forward multiply-adds x 2 per image). Backends that only serve (onnx) serve what the first backend that",
                "trains trained. --model measures a saved model's inference alone, training nothing. Writes nothing; --json",
                "prints JSON for scripts."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor bench",
                "  tailor bench --config configs/best-cpu.json --backends djl --json",
                "  tailor bench --model runs/seed-cnn/model --backends onnx"})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigFileOptions config;

    @CommandLine.Option(names = "--backends", paramLabel = "NAMES", split = ",",
            description = "Comma-separated backends (default: every installed one that trains; with --model, every one: "
                    + "${COMPLETION-CANDIDATES}).",
            completionCandidates = InstalledBackends.class)
    List<String> backends;

    @CommandLine.Option(names = "--warmup", paramLabel = "N", defaultValue = "30", description = "Training batches before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @CommandLine.Option(names = "--batches", paramLabel = "N", defaultValue = "200", description = "Training batches timed (default: ${DEFAULT-VALUE}).")
    int batches;

    @CommandLine.Option(names = "--latency", paramLabel = "N", defaultValue = "1000", description = "One-image predictions timed (default: ${DEFAULT-VALUE}).")
    int latency;

    @CommandLine.Option(names = "--model", paramLabel = "DIR", description = "Serve this saved model instead of training (the config's "
            + "network is ignored).")
    Path model;

    @CommandLine.Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    BenchmarkUseCase benchmark;

    @Inject
    DatasetSource dataSource;

    @Inject
    Backends installed;

    @Inject
    ModelStore models;

    @Override
    public Integer call() {
        Optional<SavedModel> saved = Optional.ofNullable(model).map(models::load);
        TailorConfig c = saved.map(m -> config.resolve().withModel(m.spec())).orElseGet(config::resolve);
        List<Backend> chosen = new ArrayList<>((backends == null ? saved.isPresent() ? installed.names() : installed.trainerNames()
                : backends).stream().map(installed::named).toList());
        if (saved.isEmpty() && chosen.stream().noneMatch(TrainingBackend.class::isInstance)) {
            chosen.add(0, installed.preferredTrainer());
        }
        PrintWriter out = spec.commandLine().getOut();
        BenchmarkUseCase.Result result = benchmark.benchmark(new BenchmarkUseCase.Request(c, chosen, saved.map(SavedModel::weights),
                dataSource.load(c.data(), c.model().input()), warmup, batches, latency));
        if (json) {
            out.print(ReportFiles.json(result));
        } else {
            printTable(out, result, c.training().threads(), c.training().precision());
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, BenchmarkUseCase.Result result, int threads, Precision precision) {
        out.printf("%s: %,d multiply-adds per image forward (%.1f MFLOP per training image), batch %d, %d threads%s%n%n",
                result.model(), result.multiplyAddsPerImage(), 6.0 * result.multiplyAddsPerImage() / 1e6, result.batchSize(), threads,
                Precisions.suffix(precision));
        out.printf("%-8s %14s %14s %14s %10s %10s %12s %10s%n", "backend", "warm-up img/s", "train img/s", "predict img/s",
                "p50 ms", "p99 ms", "peak RSS MiB", "GFLOP/s");
        for (BenchmarkUseCase.Figures f : result.backends()) {
            String training = f.training().map(t -> String.format("%,14.0f %,14.0f", t.warmupImagesPerSecond(), t.imagesPerSecond()))
                    .orElse(String.format("%14s %14s", "-", "-"));
            out.printf("%-8s %s %,14.0f %10.3f %10.3f %,12d %10s%n", f.backend(), training, f.inferenceImagesPerSecond(),
                    f.latencyP50Millis(), f.latencyP99Millis(), f.peakMemoryBytes() >> 20,
                    f.training().map(t -> String.format("%.1f", t.gflops())).orElse("-"));
        }
        out.println();
        result.backends().forEach(f -> out.printf("%s: %s%n", f.backend(), f.engine()));
        out.println("Peak RSS is the whole process's: a later backend's includes what earlier ones left loaded.");
    }
}
