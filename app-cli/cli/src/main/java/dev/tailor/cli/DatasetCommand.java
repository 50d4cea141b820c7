package dev.tailor.cli;

import dev.tailor.application.port.out.RunStore;
import dev.tailor.cli.report.RunReport;
import dev.tailor.config.AtomicFiles;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Checksums;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "dataset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Checks the Fashion-MNIST files and shows their counts, class balance and SHA-256; --samples draws them;",
                "--export-images writes a part's images as PNG files with their labels."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor dataset", "  tailor dataset --samples samples.png",
                "  tailor dataset --export-images test-pngs --part test --limit 1000"})
final class DatasetCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--dir", paramLabel = "DIR",
            description = "Data directory (default: $TAILOR_DATA, then /usr/share/datasets/fashion-mnist).")
    Path dir;

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

    @Override
    public Integer call() {
        // Options are checked before anything is read, printed or written.
        FashionMnist.Part exportPart = switch (part) {
            case "train" -> FashionMnist.Part.TRAIN;
            case "test" -> FashionMnist.Part.TEST;
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
        DataLocation location = FashionMnist.locate(Optional.ofNullable(dir), System.getenv());
        Dataset train = FashionMnist.load(location.directory(), FashionMnist.Part.TRAIN);
        Dataset test = FashionMnist.load(location.directory(), FashionMnist.Part.TEST);
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
        for (Path file : FashionMnist.files(location.directory())) {
            out.printf("%s  %s (%,d bytes)%n", Checksums.sha256(file), file.getFileName(), size(file));
        }
        out.flush();
        return 0;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new TailorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
