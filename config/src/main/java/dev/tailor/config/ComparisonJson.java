package dev.tailor.config;

import dev.tailor.application.Comparison;
import dev.tailor.application.TrainedRun;
import dev.tailor.domain.evaluation.PairedComparison;
import dev.tailor.domain.statistics.PairedTests;
import dev.tailor.domain.statistics.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A comparison as comparison.json: every run's figures, each backend's spread, each pair's tests. */
final class ComparisonJson {
    private ComparisonJson() {
    }

    public record Stats(List<Double> values, double mean, Double sd, Double ci95Low, Double ci95High) {
        static Stats of(Summary s) {
            return new Stats(s.values(), s.mean(), ReportFiles.finite(s.standardDeviation()), ReportFiles.finite(s.ciLow()), ReportFiles.finite(s.ciHigh()));
        }
    }

    public record RunJson(long seed, String directory, String initialWeightsSha256, double testAccuracy, double macroF1,
                          double trainingSeconds, double trainingImagesPerSecond, double inferenceImagesPerSecond,
                          long peakMemoryBytes) {
    }

    public record BackendJson(String backend, String engine, Stats testAccuracy, Stats macroF1, Stats trainingSeconds,
                              Stats trainingImagesPerSecond, Stats inferenceImagesPerSecond, long peakMemoryBytes,
                              Map<String, Stats> perClassAccuracy, List<RunJson> runs) {
    }

    public record TestsJson(Stats difference, Double t, int degreesOfFreedom, double tTestP, double signTestP, double wilcoxonP) {
    }

    public record SeedPairJson(long seed, long examples, double agreement, long bothRight, long onlyFirstRight,
                               long onlySecondRight, long bothWrong, double mcNemarP) {
    }

    public record PairJson(String first, String second, TestsJson accuracyDifference, List<SeedPairJson> perSeed,
                           String conclusion) {
    }

    public record Document(String model, List<Long> seeds, int trainImages, int testImages, List<BackendJson> backends,
                           List<PairJson> pairs) {
    }

    static String of(Comparison c) {
        List<BackendJson> backends = new ArrayList<>();
        for (Comparison.BackendSummary b : c.backends()) {
            Map<String, Stats> perClass = new LinkedHashMap<>();
            for (int k = 0; k < b.classNames().size(); k++) {
                perClass.put(b.classNames().get(k), Stats.of(b.perClassAccuracy().get(k)));
            }
            List<RunJson> runs = new ArrayList<>();
            List<TrainedRun> list = c.runs().get(b.backend());
            for (int s = 0; s < list.size(); s++) {
                TrainedRun r = list.get(s);
                runs.add(new RunJson(c.seeds().get(s), RunDirectory.relative(c.directory(), r.directory()), r.initialWeights(),
                        r.evaluation().accuracy(), r.evaluation().macroF1(), r.trainingSeconds(), r.trainingImagesPerSecond(),
                        r.inferenceImagesPerSecond(), r.peakMemoryBytes()));
            }
            backends.add(new BackendJson(b.backend(), b.engine(), Stats.of(b.accuracy()), Stats.of(b.macroF1()),
                    Stats.of(b.trainingSeconds()), Stats.of(b.trainingImagesPerSecond()), Stats.of(b.inferenceImagesPerSecond()),
                    b.peakMemoryBytes(), perClass, runs));
        }
        List<PairJson> pairs = new ArrayList<>();
        for (Comparison.PairSummary p : c.pairs()) {
            TestsJson tests = p.accuracy().map(ComparisonJson::tests).orElse(null);
            List<SeedPairJson> perSeed = new ArrayList<>();
            for (int s = 0; s < p.perSeed().size(); s++) {
                PairedComparison a = p.perSeed().get(s);
                perSeed.add(new SeedPairJson(c.seeds().get(s), a.examples(), a.agreement(), a.bothRight(), a.onlyFirstRight(),
                        a.onlySecondRight(), a.bothWrong(), a.mcNemarP()));
            }
            pairs.add(new PairJson(p.first(), p.second(), tests, perSeed, p.conclusion()));
        }
        return ReportFiles.json(new Document(c.config().model().name(), c.seeds(), c.trainImages(), c.testImages(), backends, pairs));
    }

    private static TestsJson tests(PairedTests t) {
        return new TestsJson(Stats.of(t.differences()), ReportFiles.finite(t.t()), t.degreesOfFreedom(), t.tTestP(), t.signTestP(), t.wilcoxonP());
    }
}
