package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.domain.evaluation.BackendRun;
import dev.tailor.domain.evaluation.ClassMetrics;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingHistory;
import java.io.UncheckedIOException;
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
                     Double testLoss, Double testAccuracy, double learningRate, double seconds, double imagesPerSecond) {
    }

    record HistoryJson(List<EpochJson> epochs, int keptEpoch, String stopReason) {
    }

    record ClassJson(String className, double precision, double recall, double f1, long support) {
    }

    record MetricsJson(double accuracy, double macroPrecision, double macroRecall, double macroF1, long examples,
                       List<String> classNames, long[][] confusionMatrix, List<ClassJson> perClass) {
    }

    record BackendJson(String backend, String engine, String initialWeightsSha256, double testAccuracy, double macroF1, Map<String, Double> perClassAccuracy,
                       double trainingSeconds, double trainingImagesPerSecond, double inferenceImagesPerSecond,
                       long peakMemoryBytes, List<EpochJson> history) {
    }

    record PairJson(String first, String second, long examples, double agreement, long bothRight, long onlyFirstRight,
                    long onlySecondRight, long bothWrong, double mcNemarP, boolean significantAt5Percent) {
    }

    record ComparisonJson(String model, List<BackendJson> backends, List<PairJson> pairs) {
    }

    /** Per backend: accuracy, macro F1, per-class accuracy, speeds, peak memory, history; per pair: agreement and McNemar. */
    public static String comparisonJson(String model, List<BackendRun> runs, List<PairedComparison> pairs) {
        List<BackendJson> backends = runs.stream().map(r -> {
            Map<String, Double> perClass = new LinkedHashMap<>();
            r.evaluation().perClass().forEach(m -> perClass.put(m.className(), m.recall()));
            return new BackendJson(r.backend(), r.engine(), r.initialWeights(), r.evaluation().accuracy(), r.evaluation().macroF1(), perClass,
                    r.trainingSeconds(), r.trainingImagesPerSecond(), r.inferenceImagesPerSecond(), r.peakMemoryBytes(),
                    r.history().epochs().stream().map(ReportFiles::epoch).toList());
        }).toList();
        List<PairJson> pairJson = pairs.stream().map(p -> new PairJson(p.first(), p.second(), p.examples(), p.agreement(),
                p.bothRight(), p.onlyFirstRight(), p.onlySecondRight(), p.bothWrong(), p.mcNemarP(), p.significant())).toList();
        return write(new ComparisonJson(model, backends, pairJson));
    }

    record ScoreJson(String className, double probability) {
    }

    record PredictionJson(String file, String className, double probability, List<ScoreJson> top) {
    }

    /** One entry per file: the predicted class, its probability, and the {@code top} most probable classes. */
    public static String predictionsJson(List<String> files, List<Prediction> predictions, int top) {
        List<PredictionJson> entries = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Prediction p = predictions.get(i);
            entries.add(new PredictionJson(files.get(i), p.className(), p.probability(),
                    p.top(top).stream().map(s -> new ScoreJson(s.className(), s.probability())).toList()));
        }
        return write(entries);
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

    /** accuracy (0..1), macro averages, confusionMatrix (rows = true class) and per-class precision/recall/F1. */
    public static String metricsJson(Evaluation e) {
        List<ClassJson> perClass = e.perClass().stream().map(ReportFiles::perClass).toList();
        return write(new MetricsJson(e.accuracy(), e.macroPrecision(), e.macroRecall(), e.macroF1(),
                e.confusionMatrix().total(), e.classNames(), e.confusionMatrix().counts(), perClass));
    }

    private static EpochJson epoch(EpochReport r) {
        return new EpochJson(r.epoch(), r.trainLoss(), r.trainAccuracy(), boxed(r.validationLoss()), boxed(r.validationAccuracy()),
                boxed(r.testLoss()), boxed(r.testAccuracy()), r.learningRate(), r.seconds(), r.imagesPerSecond());
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static ClassJson perClass(ClassMetrics m) {
        return new ClassJson(m.className(), m.precision(), m.recall(), m.f1(), m.support());
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
