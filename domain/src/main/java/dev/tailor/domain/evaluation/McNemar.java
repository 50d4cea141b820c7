package dev.tailor.domain.evaluation;

/**
 * McNemar's exact test for two classifiers scored on the same examples: of the examples exactly one of them got
 * right, is the split between them more lopsided than a fair coin would make it?
 */
public final class McNemar {
    private McNemar() {
    }

    /**
     * Two-sided exact p-value: twice the Binomial(n, 1/2) tail at min(b, c), capped at 1, where b and c count the
     * examples only the first and only the second classifier got right. Computed in log space, so any n works.
     */
    public static double exactPValue(long onlyFirstRight, long onlySecondRight) {
        if (onlyFirstRight < 0 || onlySecondRight < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        long n = onlyFirstRight + onlySecondRight;
        if (n == 0) {
            return 1.0;
        }
        long k = Math.min(onlyFirstRight, onlySecondRight);
        double logTerm = -n * Math.log(2);  // log P(X = 0)
        double logTail = logTerm;
        for (long i = 0; i < k; i++) {
            logTerm += Math.log((double) (n - i) / (i + 1));
            logTail = logSum(logTail, logTerm);
        }
        return Math.min(1.0, 2 * Math.exp(logTail));
    }

    private static double logSum(double a, double b) {
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }
}
