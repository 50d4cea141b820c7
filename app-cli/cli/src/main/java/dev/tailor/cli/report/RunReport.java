package dev.tailor.cli.report;

import dev.tailor.application.Comparison;
import dev.tailor.application.SweepResult;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.training.TrainingHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * The pictures and the HTML page of a run: what {@code train}, {@code evaluate} and {@code compare} write beside
 * their JSON files. Each method hands every file (name, bytes) to {@code write}.
 */
public final class RunReport {
    static final int GRID = 25;

    private RunReport() {
    }

    /** curves.png, confusion.png, samples.png, mistakes.png and report.html. */
    public static void forTraining(String title, String configJson, ModelSpec spec, TrainingHistory history, Evaluation evaluation,
                                   Dataset test, BiConsumer<String, byte[]> write) {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put("curves.png", Png.encode(Charts.curves(history)));
        plots.putAll(evaluationPlots(evaluation, test));
        plots.forEach(write);
        HtmlReport html = new HtmlReport(title)
                .heading("Metrics on the test set").metrics(evaluation)
                .heading("Training").paragraph("The model holds the weights of epoch " + history.keptEpoch() + "; training "
                        + history.stopReason() + ".")
                .image("Loss and accuracy per epoch, and the learning rate", plots.get("curves.png"))
                .table(historyTable(history));
        appendEvaluationPlots(html, plots);
        html.heading("Model").preformatted(spec.summary()).heading("Config").preformatted(configJson);
        write.accept("report.html", html.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** confusion.png, samples.png, mistakes.png and report.html. */
    public static void forEvaluation(String title, String description, String modelSummary, Evaluation evaluation, Dataset test,
                                     BiConsumer<String, byte[]> write) {
        Map<String, byte[]> plots = evaluationPlots(evaluation, test);
        plots.forEach(write);
        HtmlReport html = new HtmlReport(title).paragraph(description).heading("Metrics on the test set").metrics(evaluation);
        appendEvaluationPlots(html, plots);
        html.heading("Model").preformatted(modelSummary);
        write.accept("report.html", html.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** curves.png (every backend overlaid), per-class.png, and report.html with the comparison's tables. */
    public static void forComparison(String title, Comparison comparison, BiConsumer<String, byte[]> write) {
        byte[] curves = Png.encode(Charts.comparisonCurves(comparison));
        byte[] perClass = Png.encode(Charts.perClassAccuracy(comparison));
        write.accept("curves.png", curves);
        write.accept("per-class.png", perClass);
        HtmlReport html = new HtmlReport(title).markdown(comparison.markdown())
                .heading("Learning curves").image("Every backend's curves, mean over seeds with min-max bars", curves)
                .heading("Accuracy per class").image("Accuracy per class, each backend side by side (± sd over seeds)", perClass)
                .heading("Model").preformatted(comparison.config().model().summary());
        write.accept("report.html", html.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** sweep.png (accuracy against each swept value) and report.html with the ranked trials. */
    public static void forSweep(String title, SweepResult sweep, BiConsumer<String, byte[]> write) {
        byte[] plot = Png.encode(Charts.sweep(sweep));
        write.accept("sweep.png", plot);
        HtmlReport html = new HtmlReport(title).markdown(sweep.markdown())
                .heading("Accuracy against each swept value").image("Validation accuracy of every trial, by the value of each "
                        + "setting; the line joins each value's best trial", plot)
                .heading("Model").preformatted(sweep.best().config().model().summary());
        write.accept("report.html", html.render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, byte[]> evaluationPlots(Evaluation evaluation, Dataset test) {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put("confusion.png", Png.encode(ConfusionHeatmap.render(evaluation.confusionMatrix())));
        plots.put("samples.png", Png.encode(samples(test, evaluation)));
        plots.put("mistakes.png", Png.encode(mistakes(test, evaluation)));
        return plots;
    }

    private static void appendEvaluationPlots(HtmlReport html, Map<String, byte[]> plots) {
        html.heading("Confusion matrix").image("Rows are true classes; colour is the share of the row", plots.get("confusion.png"))
                .heading("Test images").image("The first " + GRID + " test images and their true classes", plots.get("samples.png"))
                .heading("Most confident mistakes").image("Wrong predictions the model was surest of", plots.get("mistakes.png"));
    }

    /** The first test images with their true class, as the reference notebook shows them. */
    static java.awt.image.BufferedImage samples(Dataset test, Evaluation evaluation) {
        List<ImageGrid.Cell> cells = IntStream.range(0, Math.min(GRID, test.size()))
                .mapToObj(i -> new ImageGrid.Cell(test.image(i), List.of(test.classNames().get(test.label(i)))))
                .toList();
        return ImageGrid.render("Test images and their true classes", cells, 5, List.of());
    }

    /** The wrong predictions with the highest predicted probability. */
    static java.awt.image.BufferedImage mistakes(Dataset test, Evaluation evaluation) {
        int[] truth = evaluation.truth();
        List<Prediction> predictions = evaluation.predictions();
        List<Integer> wrong = IntStream.range(0, truth.length).filter(i -> predictions.get(i).classIndex() != truth[i]).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> predictions.get(i).probability()).reversed())
                .limit(GRID).toList();
        if (wrong.isEmpty()) {
            return ImageGrid.render("No mistakes on the test set", List.of(new ImageGrid.Cell(test.image(0), List.of("all correct"))), 1, List.of());
        }
        List<ImageGrid.Cell> cells = new ArrayList<>();
        for (int i : wrong) {
            Prediction p = predictions.get(i);
            cells.add(new ImageGrid.Cell(test.image(i), List.of("true: " + test.classNames().get(truth[i]),
                    String.format("said: %s %.0f%%", p.className(), 100 * p.probability()))));
        }
        return ImageGrid.render("Most confident mistakes", cells, 5, List.of());
    }

    /** Up to {@code perClass} training images of every class, one row per class. */
    public static byte[] classSamples(Dataset data, int perClass) {
        List<String> names = data.classNames();
        List<List<Integer>> byClass = new ArrayList<>();
        names.forEach(n -> byClass.add(new ArrayList<>()));
        for (int i = 0; i < data.size(); i++) {
            List<Integer> bucket = byClass.get(data.label(i));
            if (bucket.size() < perClass) {
                bucket.add(i);
            }
        }
        List<ImageGrid.Cell> cells = new ArrayList<>();
        for (List<Integer> bucket : byClass) {
            for (int k = 0; k < perClass; k++) {
                cells.add(new ImageGrid.Cell(k < bucket.size() ? data.image(bucket.get(k)) : blank(data), List.of()));
            }
        }
        return Png.encode(ImageGrid.render("Training images by class", cells, perClass, names));
    }

    private static dev.tailor.domain.data.Image blank(Dataset data) {
        return new dev.tailor.domain.data.Image(data.shape(), new float[data.shape().size()]);
    }

    private static List<List<String>> historyTable(TrainingHistory history) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("epoch", "train loss", "train accuracy", "validation loss", "validation accuracy", "test loss",
                "test accuracy", "learning rate", "seconds", "images/s"));
        history.epochs().forEach(e -> rows.add(List.of(String.valueOf(e.epoch()), HtmlReport.f4(e.trainLoss()),
                HtmlReport.f4(e.trainAccuracy()), f4(e.validationLoss()), f4(e.validationAccuracy()), f4(e.testLoss()),
                f4(e.testAccuracy()), String.format("%.3g", e.learningRate()), String.format("%.1f", e.seconds()),
                String.format("%,.0f", e.imagesPerSecond()))));
        return rows;
    }

    private static String f4(java.util.OptionalDouble value) {
        return value.isPresent() ? HtmlReport.f4(value.getAsDouble()) : "";
    }
}
