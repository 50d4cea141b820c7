package dev.tailor.cli;

import dev.tailor.application.port.out.RunStore;
import dev.tailor.cli.report.RunReport;
import dev.tailor.config.AtomicFiles;
import dev.tailor.config.Checksums;
import dev.tailor.config.DataSources;
import dev.tailor.config.FashionMnistFiles;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ImageShape;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "dataset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Checks the Fashion-MNIST files and shows their counts, class balance and SHA-256; --samples draws them;",
                "--export-images writes a part's images as PNG files with their labels.",
                "With --data PATH, does the same for your own images (an image folder, a CSV file or an IDX directory):",
                "counts, class balance, the image sizes found, and each channel's mean and standard deviation as",
                "prepared for --input (what a normalize layer takes)."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor dataset", "  tailor dataset --samples samples.png",
                "  tailor dataset --export-images test-pngs --part test --limit 1000",
                "  tailor dataset --data photos/train --input 3x64x64 --samples photos.png"})
final class DatasetCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--dir", paramLabel = "DIR",
            description = "Data directory (default: $TAILOR_DATA, then /usr/share/datasets/fashion-mnist).")
    Path dir;

    @CommandLine.Option(names = "--data", paramLabel = "PATH",
            description = "Your own images: an image folder (one folder per class), a CSV file (label, then pixels) or an IDX directory.")
    Path data;

    @CommandLine.Option(names = "--input", paramLabel = "CxHxW",
            description = "With --data: the model input to prepare the images for (default: a CSV's or IDX's own shape; 3x64x64 for a folder).")
    String input;

    @CommandLine.Option(names = "--classes", paramLabel = "NAMES", split = ",",
            description = "With --data: names of a CSV's or IDX's labels 0, 1, ... (default: the numbers).")
    List<String> classes;

    @CommandLine.Option(names = "--skip-unreadable", description = "With --data: skip image files that cannot be decoded, counting them.")
    boolean skipUnreadable;

    @CommandLine.Option(names = "--samples", paramLabel = "OUT.png", description = "Also draw 10 training images of every class into this PNG.")
    Path samples;

    @CommandLine.Option(names = "--export-images", paramLabel = "DIR",
            description = "Also write the images of --part as 28x28 grayscale PNGs (00000.png ...) and labels.csv into this new directory.")
    Path exportImages;

    @CommandLine.Option(names = "--part", paramLabel = "train|test", defaultValue = "test",
            description = "Which part --export-images writes (default: ${DEFAULT-VALUE}).")
    String part;

    @CommandLine.Option(names = "--limit", paramLabel = "N", description = "Write only the first N images of --part (default: all).")
    Integer limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    RunStore runs;

    @Inject
    DataSources sources;

    @Override
    public Integer call() {
        // Options are checked before anything is read, printed or written.
        FashionMnistFiles.Part exportPart = switch (part) {
            case "train" -> FashionMnistFiles.Part.TRAIN;
            case "test" -> FashionMnistFiles.Part.TEST;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--part': '" + part + "'; expected train or test");
        };
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit + "; expected at least 1");
        }
        if (exportImages != null) {
            ImageExport.requireEmpty(exportImages);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (data != null) {
            return ownImages(out);
        }
        if (input != null || classes != null || skipUnreadable) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input, --classes and --skip-unreadable go with --data PATH");
        }
        DataLocation location = FashionMnistFiles.locate(Optional.ofNullable(dir), System.getenv());
        Dataset train = FashionMnistFiles.load(location.directory(), FashionMnistFiles.Part.TRAIN);
        Dataset test = FashionMnistFiles.load(location.directory(), FashionMnistFiles.Part.TEST);
        out.printf("Fashion-MNIST in %s (%s)%n", location.directory(), location.source());
        out.printf("train: %,d images of %s%ntest:  %,d images of %s%n%n", train.size(), train.shape(), test.size(), test.shape());
        out.printf("%-12s %8s %7s %8s %7s%n", "class", "train", "%", "test", "%");
        int[] trainCounts = train.classCounts();
        int[] testCounts = test.classCounts();
        for (int c = 0; c < trainCounts.length; c++) {
            out.printf("%-12s %,8d %6.2f%% %,8d %6.2f%%%n", train.classNames().get(c), trainCounts[c],
                    100.0 * trainCounts[c] / train.size(), testCounts[c], 100.0 * testCounts[c] / test.size());
        }
        if (samples != null) {
            AtomicFiles.write(samples, RunReport.classSamples(train, 10));
            out.printf("%nwrote %s%n", samples);
        }
        if (exportImages != null) {
            Dataset chosen = switch (exportPart) {
                case TRAIN -> train;
                case TEST -> test;
            };
            int count = limit == null ? chosen.size() : Math.min(limit, chosen.size());
            Path written = ImageExport.write(chosen, count, exportImages, runs, notice -> out.println("note: " + notice));
            out.printf("%nwrote %,d %s images and labels.csv to %s%n", count, part, written);
        }
        out.printf("%nSHA-256%n");
        for (Path file : FashionMnistFiles.files(location.directory())) {
            out.printf("%s  %s (%,d bytes)%n", Checksums.sha256(file), file.getFileName(), size(file));
        }
        out.flush();
        return 0;
    }

    /** The summary of your own images, prepared for --input. */
    private int ownImages(PrintWriter out) {
        if (dir != null || exportImages != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data shows your own images; --dir and --export-images are for Fashion-MNIST");
        }
        ImageShape shape = input != null ? ImageShapes.parse(input, "--input")
                : DataSources.nativeShape(data).orElse(new ImageShape(3, 64, 64));
        DataSources.Inspected inspected = sources.inspect(data, shape, classes == null ? List.of() : classes, skipUnreadable);
        Dataset images = inspected.data();
        out.printf("%s: %s, %,d images of %d classes, prepared as %s%n%n", data, inspected.kind(), images.size(),
                images.classNames().size(), shape);
        int width = Math.max(12, images.classNames().stream().mapToInt(String::length).max().orElse(0));
        out.printf("%-" + width + "s %8s %7s%n", "class", "images", "%");
        int[] counts = images.classCounts();
        for (int c = 0; c < counts.length; c++) {
            out.printf("%-" + width + "s %,8d %6.2f%%%n", images.classNames().get(c), counts[c], 100.0 * counts[c] / images.size());
        }
        if (!inspected.sizes().isEmpty()) {
            out.printf("%nimage sizes found (width x height: files): %s%n", inspected.sizes().entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                    .map(e -> e.getKey() + ": " + String.format("%,d", e.getValue())).collect(Collectors.joining(", "))
                    + (inspected.sizes().size() > 8 ? ", and " + (inspected.sizes().size() - 8) + " more sizes" : ""));
        }
        if (inspected.skipped() > 0) {
            out.printf("skipped %,d files that could not be decoded%n", inspected.skipped());
        }
        double[][] moments = channelMoments(images);
        out.printf("%nper channel, as prepared: mean %s, std %s%n(a first layer {\"type\": \"normalize\", \"mean\": %s, \"std\": %s} "
                + "centres them)%n", rounded(moments[0]), rounded(moments[1]), rounded(moments[0]), rounded(moments[1]));
        if (samples != null) {
            AtomicFiles.write(samples, RunReport.classSamples(images, 10));
            out.printf("%nwrote %s%n", samples);
        }
        out.flush();
        return 0;
    }

    /** Each channel's mean and standard deviation over every pixel of every image. */
    private static double[][] channelMoments(Dataset images) {
        ImageShape shape = images.shape();
        int plane = shape.height() * shape.width();
        double[] sum = new double[shape.channels()];
        double[] squares = new double[shape.channels()];
        float[] pixels = new float[shape.size()];
        for (int i = 0; i < images.size(); i++) {
            images.copyPixels(i, pixels, 0);
            for (int c = 0; c < shape.channels(); c++) {
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    sum[c] += pixels[p];
                    squares[c] += (double) pixels[p] * pixels[p];
                }
            }
        }
        double n = (double) images.size() * plane;
        double[][] moments = new double[2][shape.channels()];
        for (int c = 0; c < shape.channels(); c++) {
            moments[0][c] = sum[c] / n;
            moments[1][c] = Math.sqrt(Math.max(0, squares[c] / n - moments[0][c] * moments[0][c]));
        }
        return moments;
    }

    private static String rounded(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new TailorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
