package dev.tailor.cli;

import dev.tailor.application.ServableModel;
import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.service.ImageScorer;
import dev.tailor.application.service.Serving;
import dev.tailor.config.ImageTree;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Preprocessing;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Classifies image files (PNG, JPEG, GIF, BMP; any size or colour) with a saved model: files named",
                "one by one, and every image file under a directory (recursively). Results stream out one line per image as each",
                "batch is done; memory holds one batch whatever the number of files.",
                "Each image is prepared as the model's training images were: to grayscale or RGB as its input says, padded",
                "to the input's proportions, resized by area averaging and, for models of light-on-dark data such as",
                "Fashion-MNIST, inverted when its border is mostly light (the model records which; --invert overrides).",
                "A file that cannot be read is reported on its own line and the rest are still classified."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every image was classified", "2:bad usage, a model that cannot be loaded, or no image found",
                "3:some files could not be classified (each reported on its line); the others were"},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor predict --model runs/seed-cnn/model shirt.png photos/",
                "  tailor predict --model runs/seed-cnn/model --csv --top 1 catalogue/ \\",
                "      > predictions.csv",
                "  tailor predict --model runs/seed-cnn/model --spark --input catalogue/ \\",
                "      --output predictions.parquet"})
final class PredictCommand implements Callable<Integer> {
    /** Some inputs failed and were reported; the rest were classified. */
    static final int SOME_FAILED = 3;

    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
    int top;

    @CommandLine.Option(names = "--invert", paramLabel = "auto|yes|no",
            description = "Invert light-background images: auto, yes or no (default: as the model records).")
    String invert;

    @CommandLine.ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @CommandLine.Option(names = "--json", description = "JSON Lines: one object per image, with \"error\" for a file that failed.")
        boolean json;

        @CommandLine.Option(names = "--csv", description = "CSV with a header: file, class, probability, the next classes, error.")
        boolean csv;
    }

    @CommandLine.Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Images per engine call; results are printed as each batch completes (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @CommandLine.Parameters(paramLabel = "PATH", arity = "0..*", description = "Image files, and directories to search for *.png, *.jpg, *.jpeg, *.gif and *.bmp.")
    List<Path> paths = List.of();

    @CommandLine.Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = Cluster.LOCAL,
            description = {"Classify on Apache Spark: --input to --output. No MASTER: local[*], inside this process;",
                    "or spark://HOST:PORT, yarn, k8s://... in client mode (executors get Tailor's jars from here)."})
    String spark;

    @CommandLine.Option(names = "--input", paramLabel = "DIR|FILE.parquet",
            description = {"With --spark: a directory of images (recursively), or a Parquet file (or directory) named *.parquet;",
                    "a local path or a URI the cluster reads (hdfs://, file://, s3a://)."})
    String input;

    @CommandLine.Option(names = "--output", paramLabel = "OUT", description = {"With --spark: the Parquet (or --format csv) directory "
            + "to write; must not exist. A local path or a URI (hdfs://, file://, s3a://)."})
    String output;

    @CommandLine.Option(names = "--format", paramLabel = "parquet|csv", defaultValue = "parquet",
            description = "With --spark: what --output holds (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @CommandLine.Option(names = "--image-column", paramLabel = "NAME", defaultValue = "image",
            description = "With --spark and Parquet input: the column of image file bytes (default: ${DEFAULT-VALUE}).")
    String imageColumn;

    @CommandLine.Option(names = "--key-column", paramLabel = "NAME", defaultValue = "path",
            description = "With --spark and Parquet input: the column naming each row in the output's file column (default: ${DEFAULT-VALUE}).")
    String keyColumn;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    Provider<Cluster> clusters;

    @Override
    public Integer call() {
        Optional<Preprocessing.Inversion> inversion = invert == null ? Optional.empty() : Optional.of(switch (invert) {
            case "auto" -> Preprocessing.Inversion.AUTO;
            case "yes" -> Preprocessing.Inversion.ALWAYS;
            case "no" -> Preprocessing.Inversion.NEVER;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--invert': '" + invert + "'; expected auto, yes or no");
        });
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--top': " + top + "; expected at least 1");
        }
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--batch-size': " + batchSize + "; expected at least 1");
        }
        if (spark != null) {
            return onSpark(inversion);
        }
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'PATH' (or --spark with --input)");
        }
        ServableModel saved = model.load();
        PrintWriter out = spec.commandLine().getOut();
        PredictionLines lines = format.json ? PredictionLines.JSON : format.csv ? PredictionLines.CSV : PredictionLines.TEXT;
        int shown = Math.min(top, saved.classNames().size());
        ImageScorer.Tally tally;
        try (Classifier classifier = Serving.classifier(saved, model.backendFor(saved)); ImageTree images = new ImageTree(paths)) {
            ImageScorer scorer = new ImageScorer(classifier, saved.input(), inversion.orElse(saved.inversion()), batchSize);
            tally = scorer.score(images, lines.to(out, shown));
        }
        out.flush();
        if (tally.total() == 0) {
            throw new InvalidInputException("no image files (" + String.join(", ", ImageTree.EXTENSIONS.stream().sorted().toList())
                    + ") found under " + String.join(", ", paths.stream().map(Path::toString).toList()));
        }
        if (tally.failed() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "tailor: %,d of %,d files could not be classified%n", tally.failed(), tally.total());
            err.flush();
            return SOME_FAILED;
        }
        return 0;
    }

    private int onSpark(Optional<Preprocessing.Inversion> inversion) {
        CommandLine cli = spec.commandLine();
        if (!paths.isEmpty()) {
            throw new CommandLine.ParameterException(cli, "--spark reads --input, not PATH arguments: " + paths.get(0));
        }
        if (input == null || output == null) {
            throw new CommandLine.ParameterException(cli, "--spark needs --input DIR|FILE.parquet and --output OUT");
        }
        if (format.json || format.csv || inversion.isPresent()) {
            throw new CommandLine.ParameterException(cli, "--spark writes --format parquet|csv, preparing images as the model "
                    + "records; --json, --csv and --invert are for printed results");
        }
        boolean csv = switch (outputFormat) {
            case "parquet" -> false;
            case "csv" -> true;
            default -> throw new CommandLine.ParameterException(cli, "Invalid value for option '--format': '" + outputFormat + "'; expected parquet or csv");
        };
        Cluster cluster = clusters.get();
        // A model in the cluster's storage is fetched here once: this process chooses the backend and ships it to the executors.
        Path directory = Locations.isRemote(model.location) ? cluster.download(model.location) : model.path();
        ServableModel saved = model.load(directory);
        Cluster.BatchPrediction.Result result = cluster.predict(new Cluster.BatchPrediction(spark, directory, model.backendFor(saved).name(),
                input, output, csv, top, batchSize, imageColumn, keyColumn));
        PrintWriter out = cli.getOut();
        out.printf(Locale.ROOT, "wrote %,d rows to %s (%,d could not be classified)%n", result.rows(), output, result.failed());
        if (result.retriedTasks() > 0) {
            out.printf(Locale.ROOT, "%,d task attempt%s failed and %s run again; each image is in the output once%n", result.retriedTasks(),
                    result.retriedTasks() == 1 ? "" : "s", result.retriedTasks() == 1 ? "was" : "were");
        }
        out.flush();
        return result.failed() > 0 ? SOME_FAILED : 0;
    }
}
