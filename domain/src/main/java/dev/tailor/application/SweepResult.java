package dev.tailor.application;

import dev.tailor.domain.statistics.Summary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A finished sweep: its trials, best validation accuracy first.
 *
 * @param validation      the validation share the trials held out
 * @param validationAdded whether the sweep added it (the config held out none)
 * @param bestConfig      where the winner's config was written
 */
public record SweepResult(Path directory, SweepGrid grid, List<Trial> trials, double validation, boolean validationAdded,
                          Path bestConfig) {
    public SweepResult {
        trials = List.copyOf(trials);
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

    public Trial best() {
        return trials.get(0);
    }

    public String markdown() {
        return SweepMarkdown.of(this);
    }
}
