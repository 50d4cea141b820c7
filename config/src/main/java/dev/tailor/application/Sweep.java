package dev.tailor.application;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.SweepGrid;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.statistics.Summary;
import dev.tailor.domain.training.TrainingHistory;
import dev.tailor.domain.training.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Use case: train every combination of a grid of settings (times seeds) on one backend, each trial's runs normal run
 * directories inside the sweep's directory, and rank the trials by validation accuracy (the test set is reported, never
 * used to choose). Writes sweep.md, sweep.json and best-config.json, the winner ready for {@code tailor train}.
 */
public final class Sweep {
    /** The validation share a sweep holds out when the config holds out none: choosing on the test set would be cheating. */
    public static final double DEFAULT_VALIDATION = 0.1;

    private final TrainingRuns trainer;
    private final RunReporter reporter;

    /** Trains the runs in this process. */
    public Sweep(RunReporter reporter) {
        this(reporter, TrainingRuns.inProcess(reporter));
    }

    /** Trains the runs with {@code trainer} (e.g. on Spark); {@code reporter} writes the sweep's own report. */
    public Sweep(RunReporter reporter, TrainingRuns trainer) {
        this.trainer = trainer;
        this.reporter = reporter;
    }

    public record Request(TailorConfig config, TrainingBackend backend, RunData data, SweepGrid grid, int seeds,
                          Function<String, RunListener> runs, ExperimentListener progress, boolean resume, boolean overwrite) {
        public Request {
            if (seeds < 1) {
                throw new InvalidInputException("--seeds must be at least 1, got " + seeds);
            }
        }
    }

    /**
     * One combination of settings over every seed.
     *
     * @param settings path to JSON value, as in the grid
     * @param name     the trial's directory inside the sweep
     */
    public record Trial(String name, Map<String, String> settings, TailorConfig config, List<TrainedRun> runs,
                        Summary validationAccuracy, Summary testAccuracy, Summary trainingSeconds) {
    }

    /**
     * @param trials     best validation accuracy first
     * @param validation the validation share the trials held out
     * @param bestConfig where the winner's config was written
     */
    public record Result(Path directory, SweepGrid grid, List<Trial> trials, double validation, boolean validationAdded,
                         Path bestConfig) {
        public Trial best() {
            return trials.get(0);
        }

        public String markdown() {
            return SweepMarkdown.of(this);
        }
    }

    private static String trialName(int index) {
        return String.format("trial-%02d", index + 1);
    }

    public Result run(Request request) {
        TailorConfig base = request.config().withBackend(request.backend().name());
        boolean addValidation = !base.training().validation().enabled();
        if (addValidation) {
            base = base.withTraining(base.training().withValidation(Validation.of(DEFAULT_VALIDATION)));
        }
        List<Map<String, String>> combinations = request.grid().combinations();
        // Every combination is checked before anything trains.
        List<TailorConfig> configs = new ArrayList<>();
        for (Map<String, String> settings : combinations) {
            configs.add(SweepGrid.apply(base, settings, "--grid " + settings.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
        }
        Experiment experiment = new Experiment(base.output(), request.data(), request.resume(), request.overwrite(),
                combinations.size() * request.seeds(), request.progress());
        List<TrainingRuns.Planned> plans = new ArrayList<>();
        for (int t = 0; t < combinations.size(); t++) {
            TailorConfig trialConfig = configs.get(t);
            for (int k = 0; k < request.seeds(); k++) {
                long seed = trialConfig.training().seed() + k;
                String runName = trialName(t) + "/seed-" + seed;
                TailorConfig runConfig = trialConfig.withTraining(trialConfig.training().withSeed(seed))
                        .withOutput(experiment.runDirectory(runName));
                plans.add(new TrainingRuns.Planned(runName, runConfig, request.backend(), java.util.Optional.empty(),
                        request.runs().apply(runName + " (" + label(combinations.get(t)) + ")")));
            }
        }
        List<TrainedRun> all = experiment.runAll(plans, trainer, request.overwrite());
        List<Trial> trials = new ArrayList<>();
        for (int t = 0; t < combinations.size(); t++) {
            List<TrainedRun> runs = all.subList(t * request.seeds(), (t + 1) * request.seeds());
            trials.add(new Trial(trialName(t), combinations.get(t), configs.get(t), List.copyOf(runs),
                    Summary.of(runs.stream().mapToDouble(Sweep::validationAccuracy).toArray()),
                    Summary.of(runs.stream().mapToDouble(r -> r.evaluation().accuracy()).toArray()),
                    Summary.of(runs.stream().mapToDouble(TrainedRun::trainingSeconds).toArray())));
        }
        trials.sort(Comparator.comparingDouble((Trial t) -> t.validationAccuracy().mean()).reversed());
        Trial best = trials.get(0);
        Path bestConfig = experiment.directory().resolve("best-config.json");
        experiment.write("best-config.json", ConfigFiles.toJson(best.config()
                .withOutput(experiment.directory().resolve("best-run"))));
        Result result = new Result(experiment.directory(), request.grid(), List.copyOf(trials),
                base.training().validation().share(), addValidation, bestConfig);
        experiment.write("sweep.md", result.markdown());
        experiment.write("sweep.json", SweepJson.of(result));
        reporter.swept(base.model().name() + " sweep on " + request.backend().name(), result, experiment::write);
        return result;
    }

    /** The validation accuracy of the epoch whose weights the run kept. */
    static double validationAccuracy(TrainedRun run) {
        TrainingHistory history = run.history();
        return history.epochs().get(history.keptEpoch() - 1).validationAccuracy().orElseThrow(() ->
                new InvalidInputException(run.directory() + ": its history has no validation accuracy; a sweep needs one"));
    }

    /** {@code learningRate=0.001, batchSize=32}. */
    static String label(Map<String, String> settings) {
        return settings.entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue().replace("\"", ""))
                .collect(Collectors.joining(", "));
    }
}
