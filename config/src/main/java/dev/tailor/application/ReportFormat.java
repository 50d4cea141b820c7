package dev.tailor.application;

import dev.tailor.domain.statistics.Summary;

/** How the application's reports write numbers over seeds, the same in every table and JSON file. */
final class ReportFormat {
    private ReportFormat() {
    }

    /** One value as it is; several as mean ± standard deviation. */
    static String meanAndSpread(Summary s, String format) {
        return s.size() == 1 ? String.format(format, s.mean())
                : String.format(format + " ± " + format, s.mean(), s.standardDeviation());
    }

    /** JSON has no NaN or infinity: an undefined figure (the spread of one value) is written as null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
