package dev.tailor.application.service;

import dev.tailor.application.Comparison;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.CompareUseCase;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The compare use case: every backend, every seed, the same start and batches per seed; then the statistics. */
public final class Compare implements CompareUseCase {
    private final ExperimentStore experiments;
    private final TrainingRuns trainer;
    private final Backends backends;
    private final RunReporter reporter;

    /**
     * @param trainer  trains the runs: in this process ({@link TrainingRuns#inProcess}), or on a cluster
     * @param backends serves the runs an interrupted comparison had finished, to score them again
     * @param reporter draws the comparison's own report
     */
    public Compare(ExperimentStore experiments, TrainingRuns trainer, Backends backends, RunReporter reporter) {
        this.experiments = experiments;
        this.trainer = trainer;
        this.backends = backends;
        this.reporter = reporter;
    }

    @Override
    public Comparison compare(Request request) {
        TailorConfig config = request.config();
        List<TrainingBackend> chosen = request.backends();
        Experiment experiment = new Experiment(experiments, config.output(), request.data(), backends, request.resume(),
                request.overwrite(), request.seeds() * chosen.size(), request.progress());
        List<Long> seeds = new ArrayList<>();
        List<TrainingRuns.Planned> plans = new ArrayList<>();
        for (int k = 0; k < request.seeds(); k++) {
            long seed = config.training().seed() + k;
            seeds.add(seed);
            TailorConfig seeded = config.withTraining(config.training().with(t -> t.seed(seed)));
            Optional<Weights> start = request.initFrom();
            if (start.isEmpty() && sharesStart(seeded.training(), request.sameInit())) {
                start = Optional.of(chosen.get(0).trainer().initialWeights(config.model(), seeded.training()));
            }
            for (TrainingBackend backend : chosen) {
                String name = request.seeds() == 1 ? backend.name() : "seed-" + seed + "/" + backend.name();
                TailorConfig runConfig = seeded.withOutput(experiment.runDirectory(name)).withBackend(backend.name());
                plans.add(new TrainingRuns.Planned(name, runConfig, backend, start, request.runs().apply(name)));
            }
        }
        List<TrainedRun> all = experiment.runAll(plans, trainer, request.overwrite());
        Map<String, List<TrainedRun>> runs = new LinkedHashMap<>();
        chosen.forEach(b -> runs.put(b.name(), new ArrayList<>()));
        for (int i = 0; i < plans.size(); i++) {
            runs.get(plans.get(i).backend().name()).add(all.get(i));
        }
        Comparison comparison = Comparison.of(config, experiment.directory().path(), seeds, runs, request.data());
        experiment.directory().writeComparison(comparison);
        reporter.compared(config.model().name() + " on " + String.join(" and ", runs.keySet()), comparison,
                experiment.directory().files());
        return comparison;
    }

    /** Tailor's own initialiser draws the same weights for every engine; an engine's own does only when asked to share. */
    private static boolean sharesStart(TrainingConfig training, boolean sameInit) {
        return sameInit || training.init().drawnByTailor();
    }
}
