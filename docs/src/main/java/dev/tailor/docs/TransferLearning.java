package dev.tailor.docs;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.service.Train;
import dev.tailor.config.DataSources;
import dev.tailor.config.FashionMnistFiles;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.FileRunStore;
import dev.tailor.config.ProcStatusMemory;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.statistics.PairedTests;
import dev.tailor.domain.statistics.Summary;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What transfer learning buys, measured within Fashion-MNIST: the seed CNN pretrained on the training images of classes
 * 0-4 (T-shirt/top ... Coat), then taught classes 5-9 (Sandal ... Ankle boot) from a few labelled images per class,
 * three ways: from scratch, the pretrained network with only its head learning ({@code all-but-head}), and the whole
 * pretrained network fine-tuned. Each is scored on every test image of classes 5-9, over several seeds (each seed draws
 * its own labelled images, the same for the three ways), with the paired t-test against from-scratch.
 *
 * <p>Run: {@code docs/bench/transfer.sh} (the full table in docs/results.md), or {@code TransferLearning DATA_DIR WORK_DIR}.
 */
public final class TransferLearning {
    /** Classes 0-4 are learned first, 5-9 afterwards. */
    private static final int SPLIT = 5;

    /** The three ways, in the table's order. */
    public enum Way {
        SCRATCH("from scratch"), HEAD("head only"), FINE_TUNE("whole network fine-tuned");

        private final String label;

        Way(String label) {
            this.label = label;
        }

        Optional<Transfer.Freeze> freeze() {
            return switch (this) {
                case SCRATCH -> Optional.empty();
                case HEAD -> Optional.of(new Transfer.Freeze.AllButHead());
                case FINE_TUNE -> Optional.of(new Transfer.Freeze.Nothing());
            };
        }
    }

    /**
     * How much to run: the full experiment is {@link #FULL}; tests run a little of it.
     *
     * @param fineTuneEpochs epochs for each labelled-set size (smaller sets take more epochs for the same steps)
     * @param pretrainLimit  pretrain on only the first N images of classes 0-4 (0: all 30,000)
     * @param testLimit      score only the first N test images of classes 5-9 (0: all 5,000)
     */
    public record Plan(List<Integer> perClass, int seeds, int pretrainEpochs, Map<Integer, Integer> fineTuneEpochs, int pretrainLimit,
                       int testLimit, String backend) {
    }

    public static final Plan FULL = new Plan(List.of(10, 100, 1000), 5, 5, Map.of(10, 30, 100, 15, 1000, 5), 0, 0, "djl");

    /** One cell of the table: a way at a size, its accuracy over seeds, and its paired test against from-scratch. */
    public record Cell(Way way, int perClass, Summary accuracy, Optional<PairedTests> versusScratch) {
    }

    private TransferLearning() {
    }

    public static void main(String[] args) {
        List<Cell> cells = run(Path.of(args[0]), Path.of(args[1]), FULL);
        System.out.print(markdown(cells));
    }

    public static List<Cell> run(Path dataDirectory, Path work, Plan plan) {
        TrainingBackend backend = Backends.installed().trainer(plan.backend());
        TrainUseCase train = new Train(new FileRunStore(), new DataSources(), new FileModelStore(), RunReporter.NONE, new ProcStatusMemory());
        Dataset allTrain = FashionMnistFiles.load(dataDirectory, FashionMnistFiles.Part.TRAIN);
        Dataset allTest = FashionMnistFiles.load(dataDirectory, FashionMnistFiles.Part.TEST);
        DataLocation location = new DataLocation(dataDirectory, "the transfer experiment");

        Dataset first = classes(allTrain, 0, plan.pretrainLimit(), Optional.empty());
        Dataset test = classes(allTest, SPLIT, plan.testLimit(), Optional.empty());
        Path pretrained = work.resolve("pretrained");
        // The test set is scored once, at the end of each run: per-epoch curves would cost more than the training.
        TailorConfig pretrain = config(TrainingConfig.BASELINE.with(t -> t.epochs(plan.pretrainEpochs()).testEachEpoch(false)),
                pretrained);
        train.train(new TrainUseCase.Request(pretrain, backend, new RunData(location, first, classes(allTest, 0, plan.testLimit(),
                Optional.empty()))));

        List<Cell> cells = new ArrayList<>();
        for (int perClass : plan.perClass()) {
            Map<Way, double[]> accuracy = new LinkedHashMap<>();
            for (Way way : Way.values()) {
                accuracy.put(way, new double[plan.seeds()]);
            }
            for (int s = 0; s < plan.seeds(); s++) {
                long seed = 42 + s;
                Dataset labelled = classes(allTrain, SPLIT, 0, Optional.of(new Sample(perClass, seed)));
                for (Way way : Way.values()) {
                    TrainingConfig training = TrainingConfig.BASELINE.with(t -> t.epochs(plan.fineTuneEpochs().get(perClass)).seed(seed)
                            .testEachEpoch(false)
                            .transfer(way.freeze().map(freeze -> new Transfer(pretrained.resolve("model"), freeze))));
                    Path output = work.resolve("n" + perClass).resolve(way.name().toLowerCase(Locale.ROOT) + "-seed" + seed);
                    TrainedRun run = train.train(new TrainUseCase.Request(config(training, output), backend,
                            new RunData(location, labelled, test)));
                    accuracy.get(way)[s] = run.evaluation().accuracy();
                }
            }
            for (Way way : Way.values()) {
                cells.add(new Cell(way, perClass, Summary.of(accuracy.get(way)), way == Way.SCRATCH ? Optional.empty()
                        : Optional.of(PairedTests.of(accuracy.get(way), accuracy.get(Way.SCRATCH)))));
            }
        }
        return cells;
    }

    /** The seed CNN with a head of five classes. */
    private static TailorConfig config(TrainingConfig training, Path output) {
        ModelSpec seedCnn = ModelPresets.SEED_CNN;
        List<Layer> layers = new ArrayList<>(seedCnn.layers());
        layers.set(layers.size() - 1, new SoftmaxOutput(SPLIT));
        ModelSpec fiveClasses = new ModelSpec("seed-cnn-5", seedCnn.input(), layers);
        return TailorConfig.DEFAULT.withModel(fiveClasses).withTraining(training).withOutput(output);
    }

    /** {@code perClass} images of each class, drawn with {@code seed}. */
    private record Sample(int perClass, long seed) {
    }

    /**
     * The images of classes {@code from} .. {@code from + 4}, relabelled 0-4 with their names: all of them (the first
     * {@code limit} when limit is above 0), or a seeded sample per class.
     */
    private static Dataset classes(Dataset data, int from, int limit, Optional<Sample> sample) {
        List<Integer> chosen = new ArrayList<>();
        for (int c = from; c < from + SPLIT; c++) {
            int cls = c;
            int[] members = IntStream.range(0, data.size()).filter(i -> data.label(i) == cls).toArray();
            if (sample.isPresent()) {
                SplittableRandom random = new SplittableRandom(sample.get().seed() * 31 + cls);
                for (int i = members.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int swap = members[i];
                    members[i] = members[j];
                    members[j] = swap;
                }
                members = Arrays.copyOf(members, Math.min(sample.get().perClass(), members.length));
            }
            Arrays.stream(members).forEach(chosen::add);
        }
        chosen.sort(null);
        if (limit > 0 && chosen.size() > limit) {
            chosen = chosen.subList(0, limit);
        }
        int size = data.shape().size();
        byte[] pixels = new byte[chosen.size() * size];
        int[] labels = new int[chosen.size()];
        float[] image = new float[size];
        for (int k = 0; k < chosen.size(); k++) {
            data.copyPixels(chosen.get(k), image, 0);
            for (int p = 0; p < size; p++) {
                pixels[k * size + p] = (byte) Math.round(image[p] * 255);
            }
            labels[k] = data.label(chosen.get(k)) - from;
        }
        return new ByteDataset(data.shape(), data.classNames().subList(from, from + SPLIT), pixels, labels, data.origin());
    }

    /** The table as docs/results.md shows it: mean test accuracy with its 95% interval, and the gain over scratch. */
    public static String markdown(List<Cell> cells) {
        StringBuilder md = new StringBuilder("| labelled images per class | way | test accuracy (mean, 95% CI) | vs from scratch "
                + "(mean difference, paired t p) |\n|---:|---|---|---|\n");
        for (Cell cell : cells) {
            Summary a = cell.accuracy();
            md.append(String.format(Locale.ROOT, "| %,d | %s | %.4f [%.4f, %.4f] | %s |%n", cell.perClass(), cell.way().label, a.mean(),
                    a.ciLow(), a.ciHigh(), cell.versusScratch().map(p -> String.format(Locale.ROOT, "%+.4f, p = %.2g",
                            p.differences().mean(), p.tTestP())).orElse("")));
        }
        return md.toString();
    }
}
