package dev.tailor.cli;

import dev.tailor.application.port.out.Cluster;
import dev.tailor.domain.InvalidInputException;

/** What {@code --spark} runs on: the cluster adapter, on the class path only when the launcher added Spark's libraries. */
final class ClusterOption {
    private ClusterOption() {
    }

    static Cluster cluster() {
        return Cluster.installed().orElseThrow(() -> new InvalidInputException("--spark needs Tailor's Spark libraries on the class "
                + "path; bin/tailor and ./tailor add them (lib/spark) when the command line has --spark"));
    }
}
