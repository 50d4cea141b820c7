package dev.tailor.application;

import dev.tailor.config.EnsembleFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.ServableModel;
import dev.tailor.config.Tailor;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Use case: score a saved model or ensemble on the test set with any backend, and write metrics.json (and, for an
 * ensemble, members.json with each member's score) and whatever the {@link RunReporter} adds into an output directory.
 */
public final class Evaluate {
    private final RunReporter reporter;
    private final Consumer<String> notices;

    /** @param notices told what the user should know besides the result, e.g. that stale leftovers were removed */
    public Evaluate(RunReporter reporter, Consumer<String> notices) {
        this.reporter = reporter;
        this.notices = notices;
    }

    /** One member of an ensemble, scored alone. */
    public record MemberScore(String member, String trainedOn, double accuracy, double macroF1) {
    }

    /** A model scored: its metrics, the time predicting took, each member's score for an ensemble, where it was written. */
    public record Result(Path directory, Evaluation evaluation, double seconds, List<MemberScore> members) {
        public double imagesPerSecond() {
            return seconds > 0 ? evaluation.confusionMatrix().total() / seconds : 0;
        }
    }

    /** Scores the model in {@code modelDirectory} (read already as {@code model}) and writes into {@code output}. */
    public Result run(Path modelDirectory, ServableModel model, Backend backend, Dataset test, Path output, boolean overwrite) {
        if (!model.input().equals(test.shape()) || !model.classNames().equals(test.classNames())) {
            throw new InvalidInputException(modelDirectory + ": the model takes " + model.input() + " images of "
                    + model.classNames() + " but the test data has " + test.shape() + " images of " + test.classNames());
        }
        try (RunDirectory run = RunDirectory.stage(output, overwrite, notices);
             Classifier classifier = Tailor.serve(model, backend.name())) {
            long start = System.nanoTime();
            Evaluation evaluation = Evaluation.of(classifier, test);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<MemberScore> members = members(model, backend, test);
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
            if (!members.isEmpty()) {
                run.write("members.json", ReportFiles.json(members));
            }
            reporter.evaluated(modelDirectory.getFileName() + " evaluated on " + backend.name(),
                    modelDirectory + ", trained on " + model.trainedOn() + ", served on " + backend.engine() + ".",
                    model.summary(), evaluation, test, run::writeBytes);
            return new Result(run.commit(), evaluation, seconds, members);
        }
    }

    /** For an ensemble, each member served alone on the same backend and scored. */
    private static List<MemberScore> members(ServableModel model, Backend backend, Dataset test) {
        return model.accept(new ServableModel.Visitor<>() {
            @Override
            public List<MemberScore> single(ModelFiles.SavedModel single) {
                return List.of();
            }

            @Override
            public List<MemberScore> ensemble(EnsembleFiles.SavedEnsemble ensemble) {
                List<MemberScore> scores = new ArrayList<>();
                for (int i = 0; i < ensemble.members().size(); i++) {
                    ModelFiles.SavedModel member = ensemble.members().get(i);
                    try (Classifier alone = Tailor.serveNetwork(member, backend.name())) {
                        Evaluation score = Evaluation.of(alone, test);
                        scores.add(new MemberScore("members/" + ensemble.memberDirectories().get(i).getFileName(),
                                member.trainedOn(), score.accuracy(), score.macroF1()));
                    }
                }
                return scores;
            }
        });
    }
}
