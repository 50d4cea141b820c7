package dev.tailor.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against textbook values: t tables, Student's sleep data, and exact small-sample distributions. */
class StatisticsTest {

    @Test
    void tQuantilesMatchTheTables() {
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706205, within(1e-5));
        assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.302653, within(1e-6));
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.776445, within(1e-6));
        assertThat(StudentT.quantile(0.975, 9)).isCloseTo(2.262157, within(1e-6));
        assertThat(StudentT.quantile(0.95, 29)).isCloseTo(1.699127, within(1e-6));
        assertThat(StudentT.quantile(0.80, 4)).isCloseTo(0.940965, within(1e-6));
        assertThat(StudentT.quantile(0.025, 9)).isCloseTo(-2.262157, within(1e-6));
        // Large df approaches the normal quantile.
        assertThat(StudentT.quantile(0.975, 1e6)).isCloseTo(1.959966, within(1e-5));
    }

    @Test
    void theDistributionFunctionIsSymmetricAndKnownAtItsQuantiles() {
        assertThat(StudentT.cdf(0, 5)).isCloseTo(0.5, within(1e-12));
        assertThat(StudentT.cdf(2.570582, 5)).isCloseTo(0.975, within(1e-7));
        assertThat(StudentT.cdf(-1, 3) + StudentT.cdf(1, 3)).isCloseTo(1, within(1e-12));
        // With one degree of freedom t is Cauchy: P(T <= 1) = 3/4.
        assertThat(StudentT.cdf(1, 1)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void theConfidenceIntervalOfAKnownSample() {
        Summary s = Summary.of(1, 2, 3, 4, 5);

        assertThat(s.mean()).isEqualTo(3);
        assertThat(s.standardDeviation()).isCloseTo(Math.sqrt(2.5), within(1e-12));
        // 3 ± 2.776445 * sqrt(2.5) / sqrt(5)
        assertThat(s.ciLow()).isCloseTo(1.036757, within(1e-6));
        assertThat(s.ciHigh()).isCloseTo(4.963243, within(1e-6));
        assertThat(Summary.of(0.9).standardDeviation()).isNaN();
    }

    /** Student (1908) / Cushny and Peebles: extra hours of sleep with two drugs on the same ten patients. */
    @Test
    void thePairedTTestOnStudentsSleepData() {
        double[] drug1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
        double[] drug2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

        PairedTests tests = PairedTests.of(drug1, drug2);

        // R: t.test(extra ~ group, data = sleep, paired = TRUE)
        assertThat(tests.t()).isCloseTo(-4.062128, within(1e-6));
        assertThat(tests.degreesOfFreedom()).isEqualTo(9);
        assertThat(tests.tTestP()).isCloseTo(0.002832890, within(1e-8));
        assertThat(tests.differences().mean()).isCloseTo(-1.58, within(1e-12));
        assertThat(tests.differences().ciLow()).isCloseTo(-2.4598858, within(1e-6));
        assertThat(tests.differences().ciHigh()).isCloseTo(-0.7001142, within(1e-6));
        // Nine negative differences and one zero: the exact sign test gives 2 / 2^9.
        assertThat(tests.signTestP()).isCloseTo(2 / 512.0, within(1e-12));
        // Every non-zero difference negative, ties or not: only the two extreme sign patterns are as extreme.
        assertThat(tests.wilcoxonP()).isCloseTo(2 / 512.0, within(1e-12));
    }

    @Test
    void theExactSignedRankTestCountsSignPatterns() {
        // Ranks 1..5, positive ranks {1, 2}: W+ = 3. Sign patterns with W+ <= 3 or >= 12: {}, {1}, {2}, {3}, {1,2}
        // and their mirrors, 10 of 32.
        double[] d = {0.1, 0.2, -0.3, -0.4, -0.5};
        assertThat(PairedTests.wilcoxon(d)).isCloseTo(10 / 32.0, within(1e-12));
        assertThat(PairedTests.signTest(d)).isCloseTo(1.0, within(1e-12));
        assertThat(PairedTests.wilcoxon(new double[] {0, 0})).isEqualTo(1);
    }

    @Test
    void pairsNeededGrowsAsTheDifferenceShrinks() {
        // One standard deviation of difference needs about ten pairs for 80% power (textbook: 10 for d = 1).
        assertThat(PairedTests.pairsNeeded(1, 1)).isEqualTo(10);
        assertThat(PairedTests.pairsNeeded(0.5, 1)).isGreaterThan(30);
    }
}
