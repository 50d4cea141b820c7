package dev.tailor.application.service;

import dev.tailor.application.SweepGrid;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.SweepUseCase;
import dev.tailor.application.port.out.ConfigEditor;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.statistics.Summary;
import dev.tailor.domain.training.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The sweep use case: every combination, every seed, ranked on validation accuracy. */
public final class Sweep implements SweepUseCase {
    private final ExperimentStore experiments;
    private final ConfigEditor configs;
    private final TrainingRuns trainer;
    private final Backends backends;
    private final RunReporter reporter;

    /**
     * @param configs  applies each combination's settings to the config
     * @param trainer  trains the runs: in this process ({@link TrainingRuns#inProcess}), or on a cluster
     * @param backends serves the runs an interrupted sweep had finished, to score them again
     * @param reporter draws the sweep's own report
     */
    public Sweep(ExperimentStore experiments, ConfigEditor configs, TrainingRuns trainer, Backends backends, RunReporter reporter) {
        this.experiments = experiments;
        this.configs = configs;
        this.trainer = trainer;
        this.backends = backends;
        this.reporter = reporter;
    }

    private static String trialName(int index) {
        return String.format("trial-%02d", index + 1);
    }

    @Override
    public SweepResult sweep(Request request) {
        TailorConfig base = request.config().withBackend(request.backend().name());
        boolean addValidation = !base.training().validation().enabled();
        if (addValidation) {
            base = base.withTraining(base.training().with(t -> t.validation(Validation.of(DEFAULT_VALIDATION))));
        }
        List<Map<String, String>> combinations = request.grid().combinations();
        // Every combination is checked before anything trains.
        List<TailorConfig> trialConfigs = new ArrayList<>();
        for (Map<String, String> settings : combinations) {
            trialConfigs.add(configs.with(base, settings, "--grid " + settings.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        }
        Experiment experiment = new Experiment(experiments, base.output(), request.data(), backends, request.resume(),
                request.overwrite(), combinations.size() * request.seeds(), request.progress());
        List<TrainingRuns.Planned> plans = new ArrayList<>();
        for (int t = 0; t < combinations.size(); t++) {
            TailorConfig trialConfig = trialConfigs.get(t);
            for (int k = 0; k < request.seeds(); k++) {
                long seed = trialConfig.training().seed() + k;
                String runName = trialName(t) + "/seed-" + seed;
                TailorConfig runConfig = trialConfig.withTraining(trialConfig.training().with(training -> training.seed(seed)))
                        .withOutput(experiment.runDirectory(runName));
                plans.add(new TrainingRuns.Planned(runName, runConfig, request.backend(), Optional.empty(),
                        request.runs().apply(runName + " (" + SweepGrid.label(combinations.get(t)) + ")")));
            }
        }
        List<TrainedRun> all = experiment.runAll(plans, trainer, request.overwrite());
        List<SweepResult.Trial> trials = new ArrayList<>();
        for (int t = 0; t < combinations.size(); t++) {
            List<TrainedRun> runs = all.subList(t * request.seeds(), (t + 1) * request.seeds());
            trials.add(new SweepResult.Trial(trialName(t), combinations.get(t), trialConfigs.get(t), List.copyOf(runs),
                    Summary.of(runs.stream().mapToDouble(TrainedRun::keptValidationAccuracy).toArray()),
                    Summary.of(runs.stream().mapToDouble(r -> r.evaluation().accuracy()).toArray()),
                    Summary.of(runs.stream().mapToDouble(TrainedRun::trainingSeconds).toArray())));
        }
        trials.sort(Comparator.comparingDouble((SweepResult.Trial t) -> t.validationAccuracy().mean()).reversed());
        Path directory = experiment.directory().path();
        Path bestConfig = experiment.directory().writeBestConfig(trials.get(0).config().withOutput(directory.resolve("best-run")));
        SweepResult result = new SweepResult(directory, request.grid(), trials, base.training().validation().share(), addValidation,
                bestConfig);
        experiment.directory().writeSweep(result);
        reporter.swept(base.model().name() + " sweep on " + request.backend().name(), result, experiment.directory().files());
        return result;
    }
}
