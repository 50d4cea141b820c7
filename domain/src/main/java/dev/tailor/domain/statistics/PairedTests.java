package dev.tailor.domain.statistics;

import java.util.Arrays;

/**
 * Two paired samples (one pair per seed) compared: the mean difference (first minus second) with its 95% confidence
 * interval, the paired t-test, the exact sign test and the exact Wilcoxon signed-rank test (two-sided). The t-test
 * assumes roughly normal differences; the other two do not, at the price of power with few pairs.
 *
 * @param differences the per-pair differences, first minus second
 * @param t           the paired t statistic (NaN when every difference is equal)
 */
public record PairedTests(Summary differences, double t, int degreesOfFreedom, double tTestP, double signTestP,
                          double wilcoxonP) {

    public static PairedTests of(double[] first, double[] second) {
        if (first.length != second.length || first.length < 2) {
            throw new IllegalArgumentException("paired tests need two samples of the same size, at least 2; got "
                    + first.length + " and " + second.length);
        }
        double[] d = new double[first.length];
        Arrays.setAll(d, i -> first[i] - second[i]);
        Summary differences = Summary.of(d);
        int df = d.length - 1;
        double t = differences.mean() / (differences.standardDeviation() / Math.sqrt(d.length));
        if (differences.standardDeviation() == 0) {
            t = differences.mean() == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, differences.mean());
        }
        double p = Double.isNaN(t) ? 1 : Double.isInfinite(t) ? 0 : StudentT.twoSidedP(t, df);
        return new PairedTests(differences, t, df, p, signTest(d), wilcoxon(d));
    }

    /** Exact two-sided binomial test on the signs of the non-zero differences. */
    static double signTest(double[] d) {
        int positive = (int) Arrays.stream(d).filter(v -> v > 0).count();
        int n = positive + (int) Arrays.stream(d).filter(v -> v < 0).count();
        if (n == 0) {
            return 1;
        }
        int k = Math.min(positive, n - positive);
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1, 2 * tail);
    }

    /**
     * Exact two-sided Wilcoxon signed-rank test: zero differences dropped, tied magnitudes given their average rank, and
     * the p-value counted over all 2^n sign assignments (ranks doubled to stay integers), so ties are exact too.
     */
    static double wilcoxon(double[] d) {
        double[] nonZero = Arrays.stream(d).filter(v -> v != 0).toArray();
        int n = nonZero.length;
        if (n == 0) {
            return 1;
        }
        if (n > 30) {
            throw new IllegalArgumentException("the exact signed-rank test enumerates 2^n signs; n = " + n + " is too many");
        }
        int[] doubledRanks = doubledRanks(nonZero);
        int total = Arrays.stream(doubledRanks).sum();
        int positive = 0;
        for (int i = 0; i < n; i++) {
            if (nonZero[i] > 0) {
                positive += doubledRanks[i];
            }
        }
        // counts[s] = sign assignments whose positive doubled-rank sum is s.
        long[] counts = new long[total + 1];
        counts[0] = 1;
        for (int rank : doubledRanks) {
            for (int s = total; s >= rank; s--) {
                counts[s] += counts[s - rank];
            }
        }
        // Two-sided: as far from the centre (total / 2) as observed, on either side.
        double distance = Math.abs(positive - total / 2.0);
        long extreme = 0;
        for (int s = 0; s <= total; s++) {
            if (Math.abs(s - total / 2.0) >= distance - 1e-9) {
                extreme += counts[s];
            }
        }
        return Math.min(1, extreme / Math.pow(2, n));
    }

    private static int[] doubledRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[a]), Math.abs(values[b])));
        int[] ranks = new int[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(values[order[j + 1]]) == Math.abs(values[order[i]])) {
                j++;
            }
            // Positions i..j (ranks i+1..j+1) share their average; doubled, that is i + j + 2.
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = i + j + 2;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double logChoose(int n, int k) {
        return Beta.logGamma(n + 1) - Beta.logGamma(k + 1) - Beta.logGamma(n - k + 1);
    }

    /**
     * About how many pairs a paired t-test needs to detect a true mean difference of {@code difference} with 80% power at
     * the 5% level, when differences spread with standard deviation {@code sd}: the smallest n with
     * n >= ((t(0.975, n-1) + t(0.80, n-1)) sd / difference)^2.
     */
    public static int pairsNeeded(double difference, double sd) {
        if (!(difference != 0) || !(sd > 0)) {
            return 2;
        }
        for (int n = 2; n < 1_000_000; n++) {
            double needed = Math.pow((StudentT.quantile(0.975, n - 1) + StudentT.quantile(0.8, n - 1)) * sd / difference, 2);
            if (n >= needed) {
                return n;
            }
        }
        return 1_000_000;
    }
}
