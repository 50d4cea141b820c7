package dev.tailor.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts task attempts that ended without success (an executor lost, a task killed): Spark ran each again. */
final class FailedTasks extends SparkListener {
    private final AtomicInteger failed = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!taskEnd.taskInfo().successful()) {
            failed.incrementAndGet();
        }
    }

    int count() {
        return failed.get();
    }
}
