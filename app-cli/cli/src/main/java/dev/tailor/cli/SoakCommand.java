package dev.tailor.cli;

import dev.tailor.application.DataSettings;
import dev.tailor.application.ServableModel;
import dev.tailor.application.port.in.SoakUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.config.ReportFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.spi.Backend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Checks that serving holds its memory: one classifier answers --predictions one-image predictions",
                "from --threads threads, then --reloads classifiers are opened, used once and closed. Prints resident",
                "memory (off-heap included) after each twentieth of the work, and its drift after the warm-up",
                "(--warmup-rounds twentieths). Writes nothing; --json prints JSON for scripts.",
                "Example: tailor soak --model runs/seed-cnn/model --predictions 1000000 --threads 8"})
final class SoakCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--predictions", paramLabel = "N", defaultValue = "100000",
            description = "One-image predictions through one classifier (default: ${DEFAULT-VALUE}).")
    long predictions;

    @CommandLine.Option(names = "--threads", paramLabel = "N", defaultValue = "8",
            description = "Threads calling the classifier at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @CommandLine.Option(names = "--reloads", paramLabel = "N", defaultValue = "100",
            description = "Classifiers opened and closed one after another (default: ${DEFAULT-VALUE}).")
    int reloads;

    @CommandLine.Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "2",
            description = "Twentieths of each phase before the reference sample (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @CommandLine.Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory (its test images are predicted).")
    Path data;

    @CommandLine.Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    SoakUseCase soak;

    @Inject
    DatasetSource dataSource;

    @Override
    public Integer call() {
        ServableModel saved = model.load();
        Backend backend = model.backendFor(saved);
        var settings = DataSettings.DEFAULT;
        if (data != null) {
            settings = settings.withDirectory(data);
        }
        Dataset images = dataSource.testSet(settings, saved.input());
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("Soaking %s on %s: %,d predictions from %d threads, then %,d reloads%n", model.path(), backend.name(),
                    predictions, threads, reloads);
            if (!heapIsFixed(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
                out.println("note: the Java heap is not fixed, so its growth counts as drift; to measure what else grows, run with");
                out.println("      TAILOR_JAVA_OPTS=\"-Xms256m -Xmx256m -XX:+AlwaysPreTouch\"");
            }
            out.flush();
        }
        SoakUseCase.Result result = soak.soak(new SoakUseCase.Request(saved, backend, images, predictions, threads,
                reloads, warmupRounds));
        if (json) {
            out.print(ReportFiles.json(new Document(result.backend(), result.threads(), summary(result.predictions()),
                    summary(result.reloads()))));
        } else {
            print(out, result.predictions());
            print(out, result.reloads());
        }
        out.flush();
        return 0;
    }

    /** Whether the heap's size is set and pre-touched, so that resident memory no longer moves with the heap's growth. */
    static boolean heapIsFixed(List<String> jvmArguments) {
        String max = null;
        String min = null;
        for (String argument : jvmArguments) {
            if (argument.startsWith("-Xmx")) {
                max = argument.substring(4);
            } else if (argument.startsWith("-Xms")) {
                min = argument.substring(4);
            }
        }
        return max != null && max.equals(min) && jvmArguments.contains("-XX:+AlwaysPreTouch");
    }

    /** A phase as scripts read it: its samples and the figures derived from them. */
    record PhaseJson(String name, long measuredOperations, double operationsPerSecond, long warmResidentBytes,
                     long peakResidentBytes, long finalResidentBytes, double drift, List<SoakUseCase.Sample> samples) {
    }

    record Document(String backend, int threads, PhaseJson predictions, PhaseJson reloads) {
    }

    private static PhaseJson summary(SoakUseCase.Phase p) {
        return new PhaseJson(p.name(), p.operations(), p.operationsPerSecond(), p.warmResidentBytes(), p.peakResidentBytes(),
                p.finalResidentBytes(), p.drift(), p.samples());
    }

    private static void print(PrintWriter out, SoakUseCase.Phase phase) {
        out.printf("%n%s: %,.0f/s after warm-up; resident MiB after warm-up %,d, peak %,d, final %,d: drift %+.1f%%%n",
                phase.name(), phase.operationsPerSecond(), phase.warmResidentBytes() >> 20, phase.peakResidentBytes() >> 20,
                phase.finalResidentBytes() >> 20, 100 * phase.drift());
        StringBuilder line = new StringBuilder("  MiB:");
        phase.samples().forEach(s -> line.append(' ').append(s.residentBytes() >> 20));
        out.println(line);
    }
}
