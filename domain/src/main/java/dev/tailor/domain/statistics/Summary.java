package dev.tailor.domain.statistics;

import java.util.Arrays;
import java.util.List;

/**
 * A sample described: its values, mean, standard deviation (n - 1) and the 95% confidence interval of the mean
 * (Student's t; a single value has no interval).
 */
public record Summary(List<Double> values, double mean, double standardDeviation, double ciLow, double ciHigh) {
    public Summary {
        values = List.copyOf(values);
    }

    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
        double half = n > 1 ? StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n) : Double.NaN;
        return new Summary(Arrays.stream(values).boxed().toList(), mean, sd, mean - half, mean + half);
    }

    public int size() {
        return values.size();
    }
}
