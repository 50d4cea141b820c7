package dev.tailor.docs;

import dev.tailor.Tailor;
import dev.tailor.application.service.ImageScorer;
import dev.tailor.config.ImageTree;
import dev.tailor.domain.inference.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifying image files from Java exactly as {@code tailor predict} does: {@code Tailor.Model.classify} decodes a
 * PNG, JPEG, GIF or BMP (refusing decompression bombs from the header) and prepares it as the model's training images
 * were, with the same grayscale or colour, square, resize and inversion steps, read from the model's manifest. Run it
 * with a model directory and files: {@code ClassifyImageFiles runs/seed-cnn/model shirt.png boot.jpg}.
 */
public final class ClassifyImageFiles {
    private ClassifyImageFiles() {
    }

    public static void main(String[] args) {
        List<Path> files = List.of(args).subList(1, args.length).stream().map(Path::of).toList();
        List<Prediction> predictions = classify(Path.of(args[0]), files);
        for (int i = 0; i < files.size(); i++) {
            System.out.printf("%s: %s (%.3f)%n", files.get(i), predictions.get(i).className(), predictions.get(i).probability());
        }
    }

    /** One prediction per file, in order; a file that is not a readable image throws Tailor's one-line error. */
    public static List<Prediction> classify(Path modelDirectory, List<Path> files) {
        List<Prediction> predictions = new ArrayList<>();
        // @start region="classify-files"
        try (Tailor.Model model = Tailor.open(modelDirectory)) {
            for (Path file : files) {
                predictions.add(model.classify(file));   // refuses what is not a readable image, in one line
            }
        }
        // @end region="classify-files"
        return predictions;
    }

    /**
     * Every image file under the folders, as {@code tailor predict} scores them: in batches, each result in input order
     * as its batch completes, an unreadable file reported in its place. One line per file: its name and class, or why
     * it was not classified.
     */
    public static List<String> classifyFolders(Path modelDirectory, List<Path> folders) {
        List<String> lines = new ArrayList<>();
        // @start region="score-folders"
        try (Tailor.Model model = Tailor.open(modelDirectory); ImageTree files = new ImageTree(folders)) {
            ImageScorer scorer = new ImageScorer(model, model.input(), model.inversion(), 64);
            scorer.score(files, new ImageScorer.Results() {
                @Override
                public void classified(String name, Prediction p) {
                    lines.add(name + ": " + p.className());
                }

                @Override
                public void failed(String name, String reason) {
                    lines.add(name + ": not classified, " + reason);
                }
            });
        }
        // @end region="score-folders"
        return lines;
    }
}
