package dev.tailor.domain.statistics;

/** Student's t distribution: its distribution function and quantiles, for confidence intervals and t-tests. */
public final class StudentT {
    private StudentT() {
    }

    /** P(T <= t) with {@code df} degrees of freedom. */
    public static double cdf(double t, double df) {
        if (df <= 0) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        double tail = 0.5 * Beta.regularizedIncomplete(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** Two-sided p-value of a t statistic. */
    public static double twoSidedP(double t, double df) {
        if (Double.isNaN(t)) {
            return 1;
        }
        return Math.min(1, 2 * cdf(-Math.abs(t), df));
    }

    /** The t with P(T <= t) = p: bisection on the distribution function, to about 1e-12. */
    public static double quantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie strictly between 0 and 1, got " + p);
        }
        if (p < 0.5) {
            return -quantile(1 - p, df);
        }
        double low = 0;
        double high = 1;
        while (cdf(high, df) < p) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-13 * Math.max(1, high); i++) {
            double mid = (low + high) / 2;
            if (cdf(mid, df) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
