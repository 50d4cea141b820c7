package dev.tailor.application;

import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.statistics.PairedTests;
import dev.tailor.domain.statistics.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A finished comparison: every run, by backend in seed order; per backend the spread of its results over seeds; per
 * pair of backends the paired tests over seeds, the agreement and McNemar's test of every seed, and a conclusion.
 */
public record Comparison(TailorConfig config, Path directory, List<Long> seeds, Map<String, List<TrainedRun>> runs,
                         List<BackendSummary> backends, List<PairSummary> pairs, int trainImages, int testImages) {

    /**
     * One backend over all seeds.
     *
     * @param perClassAccuracy per class, in class order: its accuracy (recall) over seeds
     */
    public record BackendSummary(String backend, String engine, Summary accuracy, Summary macroF1, Summary trainingSeconds,
                                 Summary trainingImagesPerSecond, Summary inferenceImagesPerSecond, long peakMemoryBytes,
                                 List<String> classNames, List<Summary> perClassAccuracy, List<String> initialWeights) {
    }

    /**
     * Two backends over the same seeds.
     *
     * @param accuracy paired tests of test accuracy over seeds, first minus second (absent with one seed)
     * @param perSeed  each seed's agreement and McNemar's exact test on the test images
     */
    public record PairSummary(String first, String second, Optional<PairedTests> accuracy, List<PairedComparison> perSeed,
                              String conclusion) {
    }

    /** The summaries and pair tests of these runs, by backend in seed order. */
    public static Comparison of(TailorConfig config, Path directory, List<Long> seeds, Map<String, List<TrainedRun>> runs, RunData data) {
        List<BackendSummary> backends = new ArrayList<>();
        runs.forEach((backend, list) -> backends.add(summary(backend, list)));
        List<String> names = List.copyOf(runs.keySet());
        List<PairSummary> pairs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                pairs.add(pair(names.get(i), runs.get(names.get(i)), names.get(j), runs.get(names.get(j))));
            }
        }
        return new Comparison(config, directory, List.copyOf(seeds), Map.copyOf(runs), List.copyOf(backends), List.copyOf(pairs),
                data.train().size(), data.test().size());
    }

    private static BackendSummary summary(String backend, List<TrainedRun> runs) {
        List<String> classNames = runs.get(0).evaluation().classNames();
        List<Summary> perClass = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            int index = c;
            perClass.add(over(runs, r -> r.evaluation().perClass().get(index).recall()));
        }
        return new BackendSummary(backend, runs.get(0).engine(), over(runs, r -> r.evaluation().accuracy()),
                over(runs, r -> r.evaluation().macroF1()), over(runs, TrainedRun::trainingSeconds),
                over(runs, TrainedRun::trainingImagesPerSecond), over(runs, TrainedRun::inferenceImagesPerSecond),
                runs.stream().mapToLong(TrainedRun::peakMemoryBytes).max().orElse(0), classNames, perClass,
                runs.stream().map(TrainedRun::initialWeights).toList());
    }

    private static Summary over(List<TrainedRun> runs, ToDoubleFunction<TrainedRun> value) {
        return Summary.of(runs.stream().mapToDouble(value).toArray());
    }

    private static PairSummary pair(String first, List<TrainedRun> a, String second, List<TrainedRun> b) {
        List<PairedComparison> perSeed = agreements(a, b);
        if (a.size() < 2) {
            PairedComparison only = perSeed.get(0);
            String conclusion = String.format("With one seed, McNemar's test (p = %.3g) says whether the accuracy difference "
                    + "holds over the test images, not whether one engine trains better; run --seeds 5 for that.", only.mcNemarP());
            return new PairSummary(first, second, Optional.empty(), perSeed, conclusion);
        }
        double[] x = a.stream().mapToDouble(r -> r.evaluation().accuracy()).toArray();
        double[] y = b.stream().mapToDouble(r -> r.evaluation().accuracy()).toArray();
        PairedTests tests = PairedTests.of(x, y);
        return new PairSummary(first, second, Optional.of(tests), perSeed, conclusion(first, second, tests));
    }

    /** One plain sentence: a detected difference and its size, or none and how many seeds one would need. */
    static String conclusion(String first, String second, PairedTests tests) {
        Summary d = tests.differences();
        double points = 100 * d.mean();
        String interval = String.format("95%% CI %+.2f to %+.2f points", 100 * d.ciLow(), 100 * d.ciHigh());
        if (tests.tTestP() < 0.05) {
            String better = points > 0 ? first : second;
            String worse = points > 0 ? second : first;
            return String.format("%s is more accurate than %s by %.2f points on average over %d seeds (%s; paired t-test "
                    + "p = %.3g).", better, worse, Math.abs(points), d.size(), interval, tests.tTestP());
        }
        String sentence = String.format("No difference detected at %d seeds: %s minus %s is %+.2f points on average (%s; "
                + "paired t-test p = %.3g)", d.size(), first, second, points, interval, tests.tTestP());
        if (points == 0 || !(d.standardDeviation() > 0)) {
            return sentence + ".";
        }
        return sentence + String.format("; a true difference of %.2f points would need about %d seeds to show.",
                Math.abs(points), PairedTests.pairsNeeded(d.mean(), d.standardDeviation()));
    }

    public String markdown() {
        return ComparisonMarkdown.of(this);
    }

    /** Each seed's agreement between two backends' runs, seed by seed. */
    private static List<PairedComparison> agreements(List<TrainedRun> first, List<TrainedRun> second) {
        List<PairedComparison> perSeed = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            perSeed.add(PairedComparison.of(first.get(i).backend(), first.get(i).evaluation(), second.get(i).backend(),
                    second.get(i).evaluation()));
        }
        return perSeed;
    }
}
