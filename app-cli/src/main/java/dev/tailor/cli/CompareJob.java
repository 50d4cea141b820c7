package dev.tailor.cli;

import dev.tailor.cli.report.RunReport;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.BackendRun;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@code tailor compare}: the same training on several backends, then their results side by side. */
final class CompareJob {
    private final TailorConfig config;
    private final Backends installed;
    private final DataSets data;
    private final PrintWriter out;

    @Inject
    CompareJob(TailorConfig config, Backends installed, DataSets data, PrintWriter out) {
        this.config = config;
        this.installed = installed;
        this.data = data;
        this.out = out;
    }

    void run(List<String> names, boolean sameInit, Optional<Path> initFrom, boolean quiet) {
        if (new LinkedHashSet<>(names).size() != names.size() || names.size() < 2) {
            throw new InvalidInputException("--backends needs at least two different backends, got " + String.join(",", names));
        }
        // Every name is checked before anything trains.
        List<Backend> backends = names.stream().map(installed::named).toList();
        try (RunDirectory run = RunDirectory.stage(config.output())) {
            Dataset train = data.train();
            Dataset test = data.test();
            out.printf("Comparing %s on %s: %,d training and %,d test images%n", config.model().name(),
                    String.join(", ", names), train.size(), test.size());
            Optional<Weights> shared = initFrom.map(source -> ModelFiles.readWeights(source, config.model()));
            if (shared.isEmpty() && sameInit) {
                shared = Optional.of(backends.get(0).trainer().startingWeights(
                        new TrainingRequest(config.model(), train, config.training())));
            }
            List<BackendRun> runs = new ArrayList<>();
            for (Backend backend : backends) {
                TrainingRequest request = new TrainingRequest(config.model(), train, Optional.empty(), config.training(), shared);
                BackendRun result = measure(backend, request, test, quiet);
                runs.add(result);
                run.write(backend.name() + "/history.json", ReportFiles.historyJson(result.history()));
                run.write(backend.name() + "/metrics.json", ReportFiles.metricsJson(result.evaluation()));
            }
            List<PairedComparison> pairs = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                for (int j = i + 1; j < runs.size(); j++) {
                    pairs.add(PairedComparison.of(runs.get(i).backend(), runs.get(i).evaluation(),
                            runs.get(j).backend(), runs.get(j).evaluation()));
                }
            }
            String markdown = ComparisonReport.markdown(config, train.size(), test.size(), runs, pairs);
            run.write("comparison.md", markdown);
            run.write("comparison.json", ReportFiles.comparisonJson(config.model().name(), runs, pairs));
            RunReport.forComparison(config.model().name() + " on " + String.join(" and ", names), markdown, config.model(), runs,
                    run::writeBytes);
            out.println();
            out.print(markdown);
            out.printf("%nwrote %s%n", run.commit());
            out.flush();
        }
    }

    private BackendRun measure(Backend backend, TrainingRequest request, Dataset test, boolean quiet) {
        String initialWeights = backend.trainer().startingWeights(request).fingerprint();
        out.printf("%n%s: %s, starting from weights %s%n", backend.name(), backend.engine(), initialWeights.substring(0, 12));
        out.flush();
        try (MemorySampler memory = new MemorySampler()) {
            TrainingResult result = backend.trainer().train(request, ProgressPrinter.choose(out, quiet));
            try (var classifier = result.classifier()) {
                long start = System.nanoTime();
                Evaluation evaluation = Evaluation.of(classifier, test);
                double inferenceSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("%s: test accuracy %.4f%n", backend.name(), evaluation.accuracy());
                return new BackendRun(backend.name(), backend.engine(), initialWeights, result.history(), evaluation, inferenceSeconds,
                        memory.peakBytes());
            }
        }
    }
}
