package dev.tailor.cli;

import dev.tailor.application.service.ImageScorer;
import dev.tailor.config.ReportFiles;
import dev.tailor.domain.inference.Prediction.Score;
import dev.tailor.domain.inference.Prediction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats {@code predict} streams its results in: one line per image, flushed as each batch completes (so a pipe sees them). */
enum PredictionLines {
    TEXT, JSON, CSV;

    ImageScorer.Results to(PrintWriter out, int top) {
        return switch (this) {
            case TEXT -> new Text(out, top);
            case JSON -> new JsonLines(out, top);
            case CSV -> new Csv(out, top);
        };
    }

    /** {@code file: Class 91.2%, Other 5.0%, ...}, or {@code file: error: reason}. */
    private record Text(PrintWriter out, int top) implements ImageScorer.Results {
        @Override
        public void classified(String name, Prediction prediction) {
            out.println(name + ": " + prediction.top(top).stream()
                    .map(s -> String.format(Locale.ROOT, "%s %.1f%%", s.className(), 100 * s.probability()))
                    .collect(Collectors.joining(", ")));
        }

        @Override
        public void failed(String name, String reason) {
            out.println(name + ": error: " + reason);
        }

        @Override
        public void batchDone() {
            out.flush();
        }
    }

    /** JSON Lines: {@code {"file":..., "className":..., "probability":..., "top":[...]}} or {@code {"file":..., "error":...}}. */
    private record JsonLines(PrintWriter out, int top) implements ImageScorer.Results {
        @Override
        public void classified(String name, Prediction prediction) {
            out.println(ReportFiles.predictionLine(name, prediction, top));
        }

        @Override
        public void failed(String name, String reason) {
            out.println(ReportFiles.failureLine(name, reason));
        }

        @Override
        public void batchDone() {
            out.flush();
        }
    }

    /** RFC 4180 with a header: file, class, probability, then class_2, probability_2 ... up to top, then error. */
    private static final class Csv implements ImageScorer.Results {
        private final PrintWriter out;
        private final int top;

        Csv(PrintWriter out, int top) {
            this.out = out;
            this.top = top;
            StringBuilder header = new StringBuilder("file,class,probability");
            for (int k = 2; k <= top; k++) {
                header.append(",class_").append(k).append(",probability_").append(k);
            }
            out.println(header.append(",error"));
        }

        @Override
        public void classified(String name, Prediction prediction) {
            StringBuilder row = new StringBuilder(quote(name));
            List<Score> scores = prediction.top(top);
            for (int k = 0; k < top; k++) {
                row.append(',');
                if (k < scores.size()) {
                    row.append(quote(scores.get(k).className())).append(',').append(scores.get(k).probability());
                } else {
                    row.append(',');
                }
            }
            out.println(row.append(','));
        }

        @Override
        public void failed(String name, String reason) {
            out.println(quote(name) + ",".repeat(2 * top) + "," + quote(reason));
        }

        @Override
        public void batchDone() {
            out.flush();
        }

        private static String quote(String field) {
            boolean plain = field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
            return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
        }
    }
}
