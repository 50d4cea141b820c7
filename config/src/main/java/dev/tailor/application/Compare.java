package dev.tailor.application;

import dev.tailor.config.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Use case: train the same config on several backends, once per seed, each backend starting from the same weights and
 * seeing the same batches as the others for that seed; then per backend the spread over seeds, and per pair of
 * backends paired tests over seeds and McNemar's test per seed. Every run is a normal run directory inside the
 * experiment's directory ({@code BACKEND/} for one seed, {@code seed-S/BACKEND/} for several).
 */
public final class Compare {
    private final TrainingRuns trainer;
    private final RunReporter reporter;

    /** Trains the runs in this process. */
    public Compare(RunReporter reporter) {
        this(reporter, TrainingRuns.inProcess(reporter));
    }

    /** Trains the runs with {@code trainer} (e.g. on Spark); {@code reporter} writes the comparison's own report. */
    public Compare(RunReporter reporter, TrainingRuns trainer) {
        this.trainer = trainer;
        this.reporter = reporter;
    }

    /**
     * @param seeds    how many seeds: the config's seed S, then S+1 ... S+seeds-1
     * @param sameInit start every backend from weights drawn once by the first, even when the config asks for each
     *                 engine's own initialiser
     * @param initFrom start every run from these weights instead
     * @param runs     each run's listener, by run name
     */
    public record Request(TailorConfig config, List<TrainingBackend> backends, RunData data, int seeds, boolean sameInit,
                          Optional<Weights> initFrom, Function<String, RunListener> runs, ExperimentListener progress,
                          boolean resume, boolean overwrite) {
        public Request {
            backends = List.copyOf(backends);
            List<String> names = backends.stream().map(TrainingBackend::name).toList();
            if (new LinkedHashSet<>(names).size() != names.size() || names.size() < 2) {
                throw new InvalidInputException("a comparison needs at least two different backends, got " + String.join(",", names));
            }
            if (seeds < 1) {
                throw new InvalidInputException("--seeds must be at least 1, got " + seeds);
            }
        }

        public Request(TailorConfig config, List<TrainingBackend> backends, RunData data, int seeds) {
            this(config, backends, data, seeds, false, Optional.empty(), name -> RunListener.NONE, ExperimentListener.NONE,
                    false, false);
        }
    }

    public Comparison run(Request request) {
        TailorConfig config = request.config();
        List<TrainingBackend> backends = request.backends();
        Experiment experiment = new Experiment(config.output(), request.data(), request.resume(), request.overwrite(),
                request.seeds() * backends.size(), request.progress());
        List<Long> seeds = new ArrayList<>();
        List<TrainingRuns.Planned> plans = new ArrayList<>();
        for (int k = 0; k < request.seeds(); k++) {
            long seed = config.training().seed() + k;
            seeds.add(seed);
            TailorConfig seeded = config.withTraining(config.training().withSeed(seed));
            Optional<Weights> start = request.initFrom();
            if (start.isEmpty() && sharesStart(seeded.training(), request.sameInit())) {
                start = Optional.of(backends.get(0).trainer().initialWeights(config.model(), seeded.training()));
            }
            for (TrainingBackend backend : backends) {
                String name = request.seeds() == 1 ? backend.name() : "seed-" + seed + "/" + backend.name();
                TailorConfig runConfig = seeded.withOutput(experiment.runDirectory(name)).withBackend(backend.name());
                plans.add(new TrainingRuns.Planned(name, runConfig, backend, start, request.runs().apply(name)));
            }
        }
        List<TrainedRun> all = experiment.runAll(plans, trainer, request.overwrite());
        Map<String, List<TrainedRun>> runs = new LinkedHashMap<>();
        backends.forEach(b -> runs.put(b.name(), new ArrayList<>()));
        for (int i = 0; i < plans.size(); i++) {
            runs.get(plans.get(i).backend().name()).add(all.get(i));
        }
        Comparison comparison = Comparison.of(config, experiment.directory(), seeds, runs, request.data());
        experiment.write("comparison.md", comparison.markdown());
        experiment.write("comparison.json", comparison.json());
        reporter.compared(config.model().name() + " on " + String.join(" and ", runs.keySet()), comparison, experiment::write);
        return comparison;
    }

    /** Tailor's own initialiser draws the same weights for every engine; an engine's own does only when asked to share. */
    private static boolean sharesStart(TrainingConfig training, boolean sameInit) {
        return sameInit || training.init().drawnByTailor();
    }

    static List<PairedComparison> agreements(List<TrainedRun> first, List<TrainedRun> second) {
        List<PairedComparison> perSeed = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            perSeed.add(PairedComparison.of(first.get(i).backend(), first.get(i).evaluation(), second.get(i).backend(),
                    second.get(i).evaluation()));
        }
        return perSeed;
    }
}
