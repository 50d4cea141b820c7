package dev.tailor.cli;

import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.port.in.EnsembleUseCase;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "ensemble", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Makes one model directory of several trained models (from any backends): it predicts the mean",
                "of their probabilities. evaluate, predict and Tailor.open take it like any model, on any backend;",
                "evaluate reports each member's accuracy beside the ensemble's."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor ensemble --models runs/a/model runs/b/model runs/c/model \\",
                "      --output runs/ensemble"})
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

    @Inject
    EnsembleUseCase ensembles;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnsembleUseCase.Result made = ensembles.make(models, output, overwrite, new ConsoleNotices(out));
        SavedEnsemble ensemble = made.ensemble();
        Path written = made.directory();
        for (int i = 0; i < models.size(); i++) {
            SavedModel member = ensemble.members().get(i);
            out.printf("member %d: %s (%s, trained on %s)%n", i + 1, models.get(i), member.spec().name(), member.trainedOn());
        }
        out.printf("wrote %s; score it with: tailor evaluate --model %s%n", written, written);
        out.flush();
        return 0;
    }
}
