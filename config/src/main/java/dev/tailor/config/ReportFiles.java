package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.application.RunFacts;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.ClassMetrics;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Run results as JSON: the training history and the evaluation metrics. */
public final class ReportFiles {
    private ReportFiles() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EpochJson(int epoch, double trainLoss, double trainAccuracy, Double validationLoss, Double validationAccuracy,
                     Double testLoss, Double testAccuracy, double learningRate, double seconds, double imagesPerSecond,
                     long images) {
        EpochReport report() {
            return new EpochReport(epoch, trainLoss, trainAccuracy, optional(validationLoss), optional(validationAccuracy),
                    optional(testLoss), optional(testAccuracy), learningRate, seconds, images);
        }
    }

    record HistoryJson(List<EpochJson> epochs, int keptEpoch, String stopReason) {
    }

    record ClassJson(String className, double precision, double recall, double f1, long support) {
    }

    record MetricsJson(double accuracy, double macroPrecision, double macroRecall, double macroF1, long examples,
                       List<String> classNames, long[][] confusionMatrix, List<ClassJson> perClass) {
    }

    record ScoreJson(String className, double probability) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PredictionJson(String file, String className, Double probability, List<ScoreJson> top, String error) {
    }

    /**
     * One line of JSON for a classified image: its name, the predicted class, its probability, and the {@code top} most
     * probable classes.
     */
    public static String predictionLine(String file, Prediction prediction, int top) {
        return compact(prediction(file, prediction, top));
    }

    /** One line of JSON for an image that could not be classified, and why. */
    public static String failureLine(String file, String reason) {
        return compact(new PredictionJson(file, null, null, null, reason));
    }

    /** The answer to a prediction request: {@code {"predictions": [...]}}, one entry per image, in order. */
    public static String predictionsDocument(List<String> files, List<Prediction> predictions, int top) {
        List<PredictionJson> entries = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            entries.add(prediction(files.get(i), predictions.get(i), top));
        }
        return compact(Map.of("predictions", entries));
    }

    /** An error answer: {@code {"error": "...", "status": N}}. */
    public static String errorDocument(int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("error", message);
        return compact(error);
    }

    private static PredictionJson prediction(String file, Prediction p, int top) {
        return new PredictionJson(file, p.className(), (double) p.probability(),
                p.top(top).stream().map(s -> new ScoreJson(s.className(), s.probability())).toList(), null);
    }

    private static String compact(Object value) {
        try {
            return Json.COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code epochs}: per epoch its train loss and accuracy, validation and test loss and accuracy (null when not
     * measured), learning rate, seconds and images/s; {@code keptEpoch}: whose weights the model holds;
     * {@code stopReason}: why training ended.
     */
    public static String historyJson(TrainingHistory history) {
        return write(new HistoryJson(history.epochs().stream().map(ReportFiles::epoch).toList(), history.keptEpoch(),
                history.stopReason()));
    }

    /** Reads a history.json back, for experiments that resume. */
    public static TrainingHistory readHistory(Path file) {
        HistoryJson json = read(file, HistoryJson.class);
        return new TrainingHistory(json.epochs().stream().map(EpochJson::report).toList(), json.keptEpoch(), json.stopReason());
    }

    public static RunFacts readRun(Path file) {
        return read(file, RunFacts.class);
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read it back: " + e.getMessage());
        }
    }

    /** accuracy (0..1), macro averages, confusionMatrix (rows = true class) and per-class precision/recall/F1. */
    public static String metricsJson(Evaluation e) {
        List<ClassJson> perClass = e.perClass().stream().map(ReportFiles::perClass).toList();
        return write(new MetricsJson(e.accuracy(), e.macroPrecision(), e.macroRecall(), e.macroF1(),
                e.confusionMatrix().total(), e.classNames(), e.confusionMatrix().counts(), perClass));
    }

    static EpochJson epoch(EpochReport r) {
        return new EpochJson(r.epoch(), r.trainLoss(), r.trainAccuracy(), boxed(r.validationLoss()), boxed(r.validationAccuracy()),
                boxed(r.testLoss()), boxed(r.testAccuracy()), r.learningRate(), r.seconds(), r.imagesPerSecond(), r.images());
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static ClassJson perClass(ClassMetrics m) {
        return new ClassJson(m.className(), m.precision(), m.recall(), m.f1(), m.support());
    }

    /** JSON has no NaN or infinity: an undefined figure (the spread of one value) is written as null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Any record as pretty-printed JSON, for the application's own reports. */
    public static String json(Object value) {
        return write(value);
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
