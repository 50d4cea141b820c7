package dev.tailor.cli;

import dev.tailor.application.Comparison;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.cli.report.RunReport;
import dev.tailor.config.ConfigFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import java.util.function.BiConsumer;

/** Adds the plots and the HTML report to every run, evaluation and comparison the command line writes. */
final class PlotReporter implements RunReporter {

    @Override
    public void trained(TailorConfig config, TrainedRun run, Dataset test, BiConsumer<String, byte[]> files) {
        RunReport.forTraining(config.model().name() + " trained on " + run.backend(), ConfigFiles.toJson(config), config.model(), run.history(),
                run.evaluation(), test, files);
    }

    @Override
    public void evaluated(String title, String description, String modelSummary, Evaluation evaluation, Dataset test,
                          BiConsumer<String, byte[]> files) {
        RunReport.forEvaluation(title, description, modelSummary, evaluation, test, files);
    }

    @Override
    public void swept(String title, SweepResult sweep, BiConsumer<String, byte[]> files) {
        RunReport.forSweep(title, sweep, files);
    }

    @Override
    public void compared(String title, Comparison comparison, BiConsumer<String, byte[]> files) {
        RunReport.forComparison(title, comparison, files);
    }
}
