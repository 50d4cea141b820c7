package dev.tailor.domain.evaluation;

/**
 * Per-class scores. A class never predicted has precision 0, a class absent from the data recall 0
 * (scikit-learn's {@code zero_division=0}).
 */
public record ClassMetrics(String className, double precision, double recall, double f1, long support) {
}
