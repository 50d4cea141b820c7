package dev.tailor.cli;

import dev.tailor.application.port.in.ExperimentListener;
import java.io.PrintWriter;

/** An experiment's overall progress on the console: which run of how many, and the time left. */
final class ConsoleExperiment implements ExperimentListener {
    private final PrintWriter out;

    ConsoleExperiment(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void runStarting(String label, int index, int total, double etaSeconds) {
        String eta = Double.isNaN(etaSeconds) ? "" : String.format(", about %s left", clock(etaSeconds));
        out.printf("%n== run %d of %d: %s%s%n", index, total, label, eta);
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
