package dev.tailor.config;

import dev.tailor.application.SweepResult;
import java.util.List;
import java.util.Map;

/** A sweep as sweep.json: every trial's settings and scores, best first. */
final class SweepJson {
    private SweepJson() {
    }

    public record RunJson(long seed, String directory, double validationAccuracy, double testAccuracy, double trainingSeconds) {
    }

    public record TrialJson(int rank, String name, Map<String, String> settings, double validationAccuracyMean,
                            Double validationAccuracySd, double testAccuracyMean, Double testAccuracySd, List<RunJson> runs) {
    }

    public record Document(String model, double validationShare, boolean validationAdded, String bestConfig, List<TrialJson> trials) {
    }

    static String of(SweepResult r) {
        List<TrialJson> trials = new java.util.ArrayList<>();
        for (int i = 0; i < r.trials().size(); i++) {
            SweepResult.Trial t = r.trials().get(i);
            List<RunJson> runs = t.runs().stream().map(run -> new RunJson(run.provenance().training().seed(),
                    RunDirectory.relative(r.directory(), run.directory()), run.keptValidationAccuracy(), run.evaluation().accuracy(),
                    run.trainingSeconds())).toList();
            trials.add(new TrialJson(i + 1, t.name(), t.settings(), t.validationAccuracy().mean(),
                    ReportFiles.finite(t.validationAccuracy().standardDeviation()), t.testAccuracy().mean(),
                    ReportFiles.finite(t.testAccuracy().standardDeviation()), runs));
        }
        return ReportFiles.json(new Document(r.best().config().model().name(), r.validation(), r.validationAdded(),
                r.bestConfig().getFileName().toString(), trials));
    }
}
