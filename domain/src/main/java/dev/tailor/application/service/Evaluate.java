package dev.tailor.application.service;

import dev.tailor.application.MemberScore;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.application.port.in.EvaluateUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backend;
import java.util.ArrayList;
import java.util.List;

/** The evaluate use case: a model scored on any backend, written as a run of its own. */
public final class Evaluate implements EvaluateUseCase {
    private final RunStore runs;
    private final RunReporter reporter;

    public Evaluate(RunStore runs, RunReporter reporter) {
        this.runs = runs;
        this.reporter = reporter;
    }

    @Override
    public Result evaluate(Request request) {
        ServableModel model = request.model();
        Dataset test = request.test();
        if (!model.input().equals(test.shape()) || !model.classNames().equals(test.classNames())) {
            throw new InvalidInputException(request.modelDirectory() + ": the model takes " + model.input() + " images of "
                    + model.classNames() + " but the test data has " + test.shape() + " images of " + test.classNames());
        }
        Backend backend = request.backend();
        try (StagedRun run = runs.stage(request.output(), request.overwrite(), request.notices());
             Classifier classifier = Serving.classifier(model, backend)) {
            long start = System.nanoTime();
            Evaluation evaluation = Evaluation.of(classifier, test);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<MemberScore> members = members(model, backend, test);
            run.writeMetrics(evaluation);
            if (!members.isEmpty()) {
                run.writeMembers(members);
            }
            reporter.evaluated(request.modelDirectory().getFileName() + " evaluated on " + backend.name(),
                    request.modelDirectory() + ", trained on " + model.trainedOn() + ", served on " + backend.engine() + ".",
                    model.summary(), evaluation, test, run.files());
            return new Result(run.commit(), evaluation, seconds, members);
        }
    }

    /** For an ensemble, each member served alone on the same backend and scored. */
    private static List<MemberScore> members(ServableModel model, Backend backend, Dataset test) {
        return model.accept(new ServableModel.Visitor<>() {
            @Override
            public List<MemberScore> single(SavedModel single) {
                return List.of();
            }

            @Override
            public List<MemberScore> ensemble(SavedEnsemble ensemble) {
                List<MemberScore> scores = new ArrayList<>();
                for (int i = 0; i < ensemble.members().size(); i++) {
                    SavedModel member = ensemble.members().get(i);
                    try (Classifier alone = Serving.network(member, backend)) {
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
