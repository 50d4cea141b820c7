package dev.tailor.docs;

import dev.tailor.Tailor;
import dev.tailor.application.DataSettings;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.service.Train;
import dev.tailor.config.DataSources;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.FileRunStore;
import dev.tailor.config.ImageFolder;
import dev.tailor.config.ProcStatusMemory;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.training.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Your own images from Java: a colour CNN trained on an image folder (one sub-folder per class, the class names are the
 * folder names), then any image file classified exactly as {@code tailor predict} would. Run it with a training folder,
 * a test folder, an output directory and image files: {@code OwnImages photos/train photos/test runs/photos a.jpg b.png}.
 */
public final class OwnImages {
    private OwnImages() {
    }

    public static void main(String[] args) {
        TrainedRun run = train(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 5);
        System.out.printf("test accuracy %.4f; model in %s%n", run.evaluation().accuracy(), run.model());
        for (int i = 3; i < args.length; i++) {
            Prediction p = classify(run.model(), Path.of(args[i]));
            System.out.printf("%s: %s (%.3f)%n", args[i], p.className(), p.probability());
        }
    }

    /** A small colour CNN for 32x32 RGB input, with a head for every class folder of {@code trainFolder}. */
    public static TrainedRun train(Path trainFolder, Path testFolder, Path output, int epochs) {
        int classes = ImageFolder.scan(trainFolder).classes().size();
        ModelSpec spec = new ModelSpec("own-cnn", new ImageShape(3, 32, 32), List.of(
                new Conv2d(16, 3, 1, Padding.SAME, Activation.RELU),
                new MaxPool2d(2),
                new Conv2d(32, 3, 1, Padding.SAME, Activation.RELU),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(32, Activation.RELU),
                new SoftmaxOutput(classes)));
        TailorConfig config = TailorConfig.DEFAULT.withModel(spec)
                .withData(DataSettings.own(trainFolder, Optional.of(testFolder), OptionalDouble.empty()))
                .withTraining(TrainingConfig.BASELINE.with(t -> t.epochs(epochs)))
                .withOutput(output);
        // Files in and out: the folders (decoded on every core, as predict decodes a file), run and model directories.
        DataSources data = new DataSources();
        TrainUseCase train = new Train(new FileRunStore(), data, new FileModelStore(), RunReporter.NONE, new ProcStatusMemory());
        return train.train(new TrainUseCase.Request(config, config.backendIn(Backends.installed()), data.load(config.data(), spec.input())));
    }

    /** Any image file, any size or colour, prepared as the model's training images were. */
    public static Prediction classify(Path model, Path imageFile) {
        try (Tailor.Model loaded = Tailor.open(model)) {
            return loaded.classify(imageFile);
        }
    }
}
