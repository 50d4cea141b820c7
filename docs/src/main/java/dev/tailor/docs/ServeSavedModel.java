package dev.tailor.docs;

import dev.tailor.Tailor;
import dev.tailor.config.FashionMnistFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Serving a model that {@code tailor train} saved, from plain Java: {@code Tailor.open} picks an installed backend (the
 * one that trained it if present) and returns a thread-safe classifier. Run it with a model directory:
 * {@code ServeSavedModel runs/seed-cnn/model}.
 */
public final class ServeSavedModel {
    private ServeSavedModel() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "runs/seed-cnn/model");
        Dataset test = FashionMnistFiles.load(FashionMnistFiles.SYSTEM_DIRECTORY, FashionMnistFiles.Part.TEST);
        System.out.printf("accuracy %.4f%n", accuracy(model, test));
    }

    /** Classifies every test image, four threads sharing one model, and returns the share it got right. */
    public static double accuracy(Path directory, Dataset test) throws Exception {
        // @start region="serve"
        try (Tailor.Model model = Tailor.open(directory)) {   // or Tailor.open(directory, "dl4j")
            ExecutorService pool = Executors.newFixedThreadPool(4);   // threads share one model
            List<Future<Prediction>> predictions = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                Image image = test.image(i);
                predictions.add(pool.submit(() -> model.predict(image)));
            }
            pool.shutdown();
            return shareRight(predictions, test);
        }
        // @end region="serve"
    }

    private static double shareRight(List<Future<Prediction>> predictions, Dataset test) throws Exception {
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            right += predictions.get(i).get().classIndex() == test.label(i) ? 1 : 0;
        }
        return (double) right / test.size();
    }
}
