package dev.tailor.cli;

import dev.tailor.config.ImageFiles;
import dev.tailor.config.ServableModel;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.Tailor;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Classifies image files (PNG, JPEG, GIF, BMP; any size or colour) with a saved model.",
                "Each image is turned to grayscale, padded to a square, resized to 28x28 by area averaging and, as",
                "Fashion-MNIST items are light on a dark background, inverted when its border is mostly light",
                "(--invert auto; or yes / no)."})
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
    int top;

    @CommandLine.Option(names = "--invert", paramLabel = "auto|yes|no", defaultValue = "auto",
            description = "Invert light-background images: auto (default), yes or no.")
    String invert;

    @CommandLine.Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "Image files to classify.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Preprocessing.Inversion inversion = switch (invert) {
            case "auto" -> Preprocessing.Inversion.AUTO;
            case "yes" -> Preprocessing.Inversion.ALWAYS;
            case "no" -> Preprocessing.Inversion.NEVER;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--invert': '" + invert + "'; expected auto, yes or no");
        };
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--top': " + top + "; expected at least 1");
        }
        ServableModel saved = model.load();
        // Every file is read before anything is predicted: a bad file fails the command without partial output.
        List<Image> images = files.stream().map(f -> ImageFiles.read(f, saved.input(), inversion)).toList();
        List<Prediction> predictions;
        try (Classifier classifier = Tailor.serve(saved, model.backendFor(saved))) {
            predictions = classifier.predict(Images.of(images));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(ReportFiles.predictionsJson(files.stream().map(Path::toString).toList(), predictions, Math.min(top, 10)));
        } else {
            for (int i = 0; i < files.size(); i++) {
                out.printf("%s: %s%n", files.get(i), predictions.get(i).top(top).stream()
                        .map(s -> String.format("%s %.1f%%", s.className(), 100 * s.probability()))
                        .collect(Collectors.joining(", ")));
            }
        }
        out.flush();
        return 0;
    }
}
