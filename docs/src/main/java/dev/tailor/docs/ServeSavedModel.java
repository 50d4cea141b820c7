package dev.tailor.docs;

import dev.tailor.Tailor;
import dev.tailor.config.FashionMnistFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Prediction;
import java.nio.file.Path;
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

    /** Classifies every test image, four threads sharing one classifier, and returns the share it got right. */
    public static double accuracy(Path model, Dataset test) throws Exception {
        try (Tailor.Model opened = Tailor.open(model)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < test.size(); i++) {
                    int index = i;
                    answers.add(pool.submit(() -> {
                        Prediction p = opened.predict(test.image(index));
                        return p.classIndex() == test.label(index);
                    }));
                }
                int right = 0;
                for (Future<Boolean> answer : answers) {
                    right += answer.get() ? 1 : 0;
                }
                return (double) right / test.size();
            } finally {
                pool.shutdown();
            }
        }
    }
}
