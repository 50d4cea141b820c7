package dev.tailor.config;

import dev.tailor.application.DataSettings;
import dev.tailor.application.RunData;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.DataSplit;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Adapter: every kind of data a config can name. Fashion-MNIST (its directory, else {@code $TAILOR_DATA}, else the Debian
 * package's), or the user's own images: an image folder (one folder per class), a CSV file (label, then pixels) or a
 * directory holding one IDX images file and one IDX labels file. Images whose shape is not the model's input are
 * prepared for it as files are for prediction; limits are applied; a test share is held out per class.
 */
public final class DataSources implements DatasetSource {
    /** The seed of a {@code testShare} split: fixed, so every run and every seed of an experiment tests on the same images. */
    static final long TEST_SPLIT_SEED = 0x7E57_5EEDL;

    private final Map<String, String> environment;
    private final DecodeProgress progress;

    /** With this process's environment, reporting no progress. */
    public DataSources() {
        this(System.getenv(), DecodeProgress.NONE);
    }

    public DataSources(Map<String, String> environment, DecodeProgress progress) {
        this.environment = Map.copyOf(environment);
        this.progress = progress;
    }

    /** The kinds of data a path can hold. */
    enum Kind { FOLDER, CSV, IDX }

    /** What {@code path} holds, or a one-line refusal naming the forms it could take. */
    static Kind kind(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidInputException(path + ": not found");
        }
        if (CsvImages.looksLikeOne(path)) {
            return Kind.CSV;
        }
        if (Files.isDirectory(path) && idxFile(path, "-images-idx3-ubyte", false) != null) {
            return Kind.IDX;
        }
        if (ImageFolder.looksLikeOne(path)) {
            return Kind.FOLDER;
        }
        throw new InvalidInputException(path + ": expected an image folder (PATH/<class>/<images>), a .csv file (label, then "
                + "pixels) or a directory holding *-images-idx3-ubyte[.gz] and *-labels-idx1-ubyte[.gz]");
    }

    @Override
    public RunData load(DataSettings settings, ImageShape input) {
        if (!settings.ownImages()) {
            DataLocation location = FashionMnistFiles.locate(settings.directory(), environment);
            return new RunData(location, fashionMnist(location, FashionMnistFiles.Part.TRAIN, settings.trainLimit(), input),
                    fashionMnist(location, FashionMnistFiles.Part.TEST, settings.testLimit(), input), Preprocessing.Inversion.AUTO);
        }
        Path trainPath = settings.train().orElseThrow(() -> new InvalidInputException(
                "data.train: no training images given (data.test alone is for evaluating)"));
        Kind kind = kind(trainPath);
        DataLocation location = new DataLocation(trainPath, "data.train in the config");
        Preprocessing.Inversion inversion = kind == Kind.FOLDER ? Preprocessing.Inversion.NEVER : Preprocessing.Inversion.AUTO;
        if (settings.test().isPresent()) {
            Dataset train = read(trainPath, kind, input, settings.classes(), settings.trainLimit(), settings);
            Path testPath = settings.test().get();
            Dataset test = read(testPath, kind(testPath), input, train.classNames(), settings.testLimit(), settings);
            return new RunData(location, train, test, inversion);
        }
        Dataset all = read(trainPath, kind, input, settings.classes(), OptionalInt.empty(), settings);
        DataSplit split = all.stratifiedSplit(settings.testShare().orElseThrow(), TEST_SPLIT_SEED);
        return new RunData(location, limited(split.train(), settings.trainLimit()), limited(split.validation(), settings.testLimit()),
                inversion);
    }

    @Override
    public Dataset testSet(DataSettings settings, ImageShape input) {
        if (!settings.ownImages()) {
            DataLocation location = FashionMnistFiles.locate(settings.directory(), environment);
            return fashionMnist(location, FashionMnistFiles.Part.TEST, settings.testLimit(), input);
        }
        if (settings.test().isPresent()) {
            Path testPath = settings.test().get();
            return read(testPath, kind(testPath), input, settings.classes(), settings.testLimit(), settings);
        }
        return load(settings, input).test();
    }

    /** One data set as {@code tailor dataset} shows it: its kind, its images, and the sizes its files had (folders). */
    public record Inspected(String kind, Dataset data, Map<String, Integer> sizes, int skipped) {
    }

    /** Reads one data set of the user's (all of it) for {@code input}, reporting what a summary shows. */
    public Inspected inspect(Path path, ImageShape input, List<String> classes, boolean skipUnreadable) {
        Kind kind = kind(path);
        if (kind == Kind.FOLDER) {
            ImageFolder folder = ImageFolder.scan(path);
            ImageFolder.Read read = folder.read(input, classes.isEmpty() ? folder.classes() : classes, OptionalInt.empty(),
                    skipUnreadable, progress);
            return new Inspected("image folder", read.dataset(), read.sizes(), read.skipped());
        }
        DataSettings settings = new DataSettings(Optional.empty(), Optional.of(path), Optional.of(path),
                OptionalDouble.empty(), classes, skipUnreadable, OptionalInt.empty(), OptionalInt.empty());
        return new Inspected(kind == Kind.CSV ? "CSV file" : "IDX files", read(path, kind, input, classes, OptionalInt.empty(), settings),
                Map.of(), 0);
    }

    /** The shape a CSV or IDX data set's images have as stored; empty for an image folder (any size, any colour). */
    public static Optional<ImageShape> nativeShape(Path path) {
        return switch (kind(path)) {
            case FOLDER -> Optional.empty();
            case CSV -> Optional.of(CsvImages.shapeOf(path));
            case IDX -> Optional.of(IdxDataset.read(idxFile(path, "-images-idx3-ubyte", true),
                    idxFile(path, "-labels-idx1-ubyte", true), numbered(IdxDataset.largestLabel(idxFile(path, "-labels-idx1-ubyte", true))))
                    .shape());
        };
    }

    /**
     * One data set of the user's, prepared for {@code input}.
     *
     * @param classes the class names: for a test set, the training set's (every class it has must be among them); else
     *                the config's names for CSV and IDX labels, or empty for their numbers (a folder names its own)
     */
    private Dataset read(Path path, Kind kind, ImageShape input, List<String> classes, OptionalInt limit, DataSettings settings) {
        return switch (kind) {
            case FOLDER -> {
                ImageFolder folder = ImageFolder.scan(path);
                List<String> names = classes.isEmpty() ? folder.classes() : classes;
                yield folder.read(input, names, limit, settings.skipUnreadable(), progress).dataset();
            }
            case CSV -> {
                CsvImages.Read csv = CsvImages.read(path, input, classes.isEmpty() ? OptionalInt.empty() : OptionalInt.of(classes.size()),
                        limit, progress);
                List<String> names = classes.isEmpty() ? numbered(csv.largestLabel()) : classes;
                yield fitted(new ByteDataset(csv.shape(), names, csv.pixels(), csv.labels(), csv.origin()), input);
            }
            case IDX -> {
                Path images = idxFile(path, "-images-idx3-ubyte", true);
                Path labels = idxFile(path, "-labels-idx1-ubyte", true);
                List<String> names = classes.isEmpty() ? numbered(IdxDataset.largestLabel(labels)) : classes;
                yield fitted(limited(IdxDataset.read(images, labels, names), limit), input);
            }
        };
    }

    /** "0", "1"... for labels that come without names. */
    private static List<String> numbered(int largestLabel) {
        return IntStream.rangeClosed(0, largestLabel).mapToObj(Integer::toString).toList();
    }

    /** The one IDX file of this kind in {@code directory}; more than one, or none when {@code required}, is refused. */
    private static Path idxFile(Path directory, String kind, boolean required) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(p -> {
                String name = p.getFileName().toString();
                return Files.isRegularFile(p) && (name.endsWith(kind) || name.endsWith(kind + ".gz"));
            }).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new InvalidInputException(directory + ": cannot list: " + e.getMessage());
        }
        if (found.size() > 1) {
            throw new InvalidInputException(directory + ": more than one *" + kind + " file (" + found.get(0).getFileName() + ", "
                    + found.get(1).getFileName() + "); give a directory holding one images file and one labels file");
        }
        if (found.isEmpty() && required) {
            throw new InvalidInputException(directory + ": no *" + kind + "[.gz] file");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static Dataset fashionMnist(DataLocation location, FashionMnistFiles.Part part, OptionalInt limit, ImageShape input) {
        return fitted(limited(FashionMnistFiles.load(location.directory(), part), limit), input);
    }

    private static Dataset limited(Dataset data, OptionalInt limit) {
        return limit.isPresent() ? data.take(limit.getAsInt()) : data;
    }

    /**
     * The data at the model's input shape: as it is when it fits, else every image prepared as a file of its pixels
     * would be for prediction (padded to the input's aspect ratio, area-averaged, gray to colour), held as bytes.
     */
    static Dataset fitted(Dataset data, ImageShape input) {
        if (data.shape().equals(input)) {
            return data;
        }
        ImageShape from = data.shape();
        if (from.channels() != 1 && from.channels() != 3) {
            throw new InvalidInputException("data of " + from.channels() + " channels cannot be prepared for input " + input);
        }
        HeapBudget.require(ByteDataset.bytesFor(data.size(), input), String.format("%,d images prepared as %s", data.size(), input));
        byte[] pixels = new byte[Math.multiplyExact(data.size(), input.size())];
        int[] labels = new int[data.size()];
        float[] image = new float[from.size()];
        int plane = from.height() * from.width();
        int[] argb = new int[plane];
        for (int i = 0; i < data.size(); i++) {
            data.copyPixels(i, image, 0);
            for (int p = 0; p < plane; p++) {
                int r = Math.round(image[p] * 255);
                int g = from.channels() == 3 ? Math.round(image[plane + p] * 255) : r;
                int b = from.channels() == 3 ? Math.round(image[2 * plane + p] * 255) : r;
                argb[p] = 0xFF000000 | r << 16 | g << 8 | b;
            }
            byte[] prepared = Preprocessing.prepareBytes(from.width(), from.height(), argb, input, Preprocessing.Inversion.NEVER);
            System.arraycopy(prepared, 0, pixels, i * input.size(), input.size());
            labels[i] = data.label(i);
        }
        return new ByteDataset(input, data.classNames(), pixels, labels, data.origin());
    }
}
