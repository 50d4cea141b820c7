package dev.tailor.cli;

import dev.tailor.application.DataSettings;
import dev.tailor.application.MemberScore;
import dev.tailor.application.ServableModel;
import dev.tailor.application.port.in.EvaluateUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.spi.Backend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Scores a saved model (or ensemble) on the Fashion-MNIST test set, or on your own (--test), on any",
                "backend, and writes metrics.json (the same as train's) into the output directory (default:",
                "evaluation-BACKEND beside the model)."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor evaluate --model runs/seed-cnn/model",
                "  tailor evaluate --model runs/seed-cnn/model --backend dl4j \\",
                "      --output runs/seed-cnn/on-dl4j",
                "  tailor evaluate --model runs/photos/model --test photos/test"})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory.")
    Path data;

    @CommandLine.Option(names = "--test", paramLabel = "PATH", description = {"Your own test images: an image folder (one folder",
            "per class), a CSV file (label, then pixels) or an IDX directory; labels are the model's classes."})
    Path test;

    @CommandLine.Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test images.")
    Integer testLimit;

    @CommandLine.Option(names = "--output", paramLabel = "DIR", description = "Directory for metrics.json; must not hold files yet.")
    Path output;

    @CommandLine.Option(names = "--overwrite", description = "Replace what the output directory holds instead of refusing.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    EvaluateUseCase evaluate;

    @Inject
    DatasetSource testData;

    @Override
    public Integer call() {
        ServableModel saved = model.load();
        Backend backend = model.backendFor(saved);
        if (data != null && test != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --data (Fashion-MNIST) or --test (your own images)");
        }
        DataSettings settings = test != null ? DataSettings.testOnly(test, saved.classNames()) : DataSettings.DEFAULT;
        if (data != null) {
            settings = settings.withDirectory(data);
        }
        if (testLimit != null) {
            settings = settings.withTestLimit(testLimit);
        }
        Path into = output != null ? output : model.path().toAbsolutePath().normalize().resolveSibling("evaluation-" + backend.name());
        PrintWriter out = spec.commandLine().getOut();
        Dataset images = testData.testSet(settings, saved.input());
        out.printf("Evaluating %s (trained on %s) on %s: %s, %,d test images%n", model.path(), saved.trainedOn(), backend.name(),
                backend.engine(), images.size());
        out.flush();
        EvaluateUseCase.Result result = evaluate.evaluate(new EvaluateUseCase.Request(model.path(), saved, backend, images, into,
                overwrite, new ConsoleNotices(out)));
        for (MemberScore member : result.members()) {
            out.printf("%s (trained on %s): test accuracy %.4f, macro F1 %.4f%n", member.member(), member.trainedOn(),
                    member.accuracy(), member.macroF1());
        }
        if (!result.members().isEmpty()) {
            out.printf("the ensemble of %d: test accuracy %.4f%n", result.members().size(), result.evaluation().accuracy());
        }
        MetricsTable.print(out, result.evaluation());
        out.printf("%,.0f images/s; wrote %s%n", result.imagesPerSecond(), result.directory());
        out.flush();
        return 0;
    }
}
