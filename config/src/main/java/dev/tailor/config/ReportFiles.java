package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.domain.evaluation.ClassMetrics;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.training.EpochReport;
import dev.tailor.domain.training.TrainingHistory;
import java.io.UncheckedIOException;
import java.util.List;

/** Run results as JSON: the training history and the evaluation metrics. */
public final class ReportFiles {
    private ReportFiles() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EpochJson(int epoch, double trainLoss, double trainAccuracy, Double testAccuracy, double seconds,
                     double imagesPerSecond) {
    }

    record ClassJson(String className, double precision, double recall, double f1, long support) {
    }

    record MetricsJson(double accuracy, double macroPrecision, double macroRecall, double macroF1, long examples,
                       List<String> classNames, long[][] confusionMatrix, List<ClassJson> perClass) {
    }

    /** A list of epochs: epoch, trainLoss, trainAccuracy, testAccuracy (null when not measured), seconds, imagesPerSecond. */
    public static String historyJson(TrainingHistory history) {
        return write(history.epochs().stream().map(ReportFiles::epoch).toList());
    }

    /** accuracy (0..1), macro averages, confusionMatrix (rows = true class) and per-class precision/recall/F1. */
    public static String metricsJson(Evaluation e) {
        List<ClassJson> perClass = e.perClass().stream().map(ReportFiles::perClass).toList();
        return write(new MetricsJson(e.accuracy(), e.macroPrecision(), e.macroRecall(), e.macroF1(),
                e.confusionMatrix().total(), e.classNames(), e.confusionMatrix().counts(), perClass));
    }

    private static EpochJson epoch(EpochReport r) {
        return new EpochJson(r.epoch(), r.trainLoss(), r.trainAccuracy(),
                r.heldOutAccuracy().isPresent() ? r.heldOutAccuracy().getAsDouble() : null,
                r.seconds(), r.imagesPerSecond());
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
