package dev.tailor.docs;

import dev.tailor.config.FashionMnistFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Embedding Tailor in a plain Java program: no CLI, no Guice, just the domain API and a backend on the class path.
 * Run it with a data directory and a backend name: {@code TrainAndEvaluate /usr/share/datasets/fashion-mnist dl4j}.
 */
public final class TrainAndEvaluate {
    private TrainAndEvaluate() {
    }

    public static void main(String[] args) {
        Path data = args.length > 0 ? Path.of(args[0]) : FashionMnistFiles.SYSTEM_DIRECTORY;
        String backend = args.length > 1 ? args[1] : "dl4j";
        Evaluation evaluation = run(data, backend, 60_000, 1);
        System.out.printf("test accuracy %.4f, macro F1 %.4f%n", evaluation.accuracy(), evaluation.macroF1());
    }

    /** Trains the seed CNN for {@code epochs} on the first {@code trainLimit} images and scores it on the test set. */
    public static Evaluation run(Path dataDirectory, String backendName, int trainLimit, int epochs) {
        // @start region="train-and-evaluate"
        Dataset train = FashionMnistFiles.load(dataDirectory, FashionMnistFiles.Part.TRAIN).take(trainLimit);
        Dataset test = FashionMnistFiles.load(dataDirectory, FashionMnistFiles.Part.TEST);

        // Backends are found on the class path by name; an unknown name, or one that cannot train, is refused with the
        // names of those that can.
        TrainingBackend backend = Backends.installed().trainer(backendName);
        TrainingConfig config = TrainingConfig.BASELINE.with(t -> t.epochs(epochs));
        TrainingResult result = backend.trainer().train(
                new TrainingRequest(ModelPresets.SEED_CNN, train, Optional.of(test), config),
                TrainingListener.NONE);

        // The classifier is thread-safe and holds native memory: close it when done.
        try (Classifier classifier = result.classifier()) {
            Prediction first = classifier.predict(test.image(0));
            System.out.printf("first test image: %s (%.1f%%)%n", first.className(), 100 * first.probability());
            return result.testEvaluation().orElseThrow();   // accuracy, confusion matrix, per-class F1
        }
        // @end region="train-and-evaluate"
    }
}
