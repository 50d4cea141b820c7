package dev.tailor.cli;

import dev.tailor.application.RunDirectory;
import dev.tailor.config.EnsembleFiles;
import dev.tailor.config.ModelFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "ensemble", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Makes one model directory of several trained models (from any backends): it predicts the mean",
                "of their probabilities. evaluate, predict and Tailor.load take it like any model, on any backend;",
                "evaluate reports each member's accuracy beside the ensemble's."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor ensemble --models runs/a/model runs/b/model runs/c/model --output runs/ensemble"})
final class EnsembleCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--models", paramLabel = "DIR", arity = "2..*", required = true,
            description = "Two or more model directories written by train (each run's model/).")
    List<Path> models;

    @CommandLine.Option(names = "--output", paramLabel = "DIR", required = true, description = "The ensemble directory to write.")
    Path output;

    @CommandLine.Option(names = "--overwrite", description = "Replace what the output directory holds instead of refusing.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnsembleFiles.SavedEnsemble ensemble;
        Path written;
        try (RunDirectory run = RunDirectory.stage(output, overwrite, new ConsoleNotices(out))) {
            ensemble = EnsembleFiles.save(run.path(""), models);
            written = run.commit();
        }
        for (int i = 0; i < models.size(); i++) {
            ModelFiles.SavedModel member = ensemble.members().get(i);
            out.printf("member %d: %s (%s, trained on %s)%n", i + 1, models.get(i), member.spec().name(), member.trainedOn());
        }
        out.printf("wrote %s; score it with: tailor evaluate --model %s%n", written, written);
        out.flush();
        return 0;
    }
}
