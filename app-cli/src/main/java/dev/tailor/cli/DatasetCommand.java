package dev.tailor.cli;

import dev.tailor.cli.report.RunReport;
import dev.tailor.domain.AtomicFiles;
import dev.tailor.domain.data.Checksums;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.TailorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "dataset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Checks the Fashion-MNIST files and shows their counts, class balance and SHA-256; --samples draws them.")
final class DatasetCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--dir", paramLabel = "DIR",
            description = "Data directory (default: $TAILOR_DATA, then /usr/share/datasets/fashion-mnist).")
    Path dir;

    @CommandLine.Option(names = "--samples", paramLabel = "OUT.png", description = "Also draw 10 training images of every class into this PNG.")
    Path samples;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
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
