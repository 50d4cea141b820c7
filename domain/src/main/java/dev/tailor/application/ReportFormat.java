package dev.tailor.application;

import dev.tailor.domain.statistics.Summary;

/** How the application's reports write numbers over seeds, the same in every table. */
final class ReportFormat {
    private ReportFormat() {
    }

    /** One value as it is; several as mean ± standard deviation. */
    static String meanAndSpread(Summary s, String format) {
        return s.size() == 1 ? String.format(format, s.mean())
                : String.format(format + " ± " + format, s.mean(), s.standardDeviation());
    }
}
