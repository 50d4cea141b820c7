package dev.tailor.config.bench;

import dev.tailor.config.FashionMnistFiles;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.testing.TestData;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the data before training starts: the committed subset's training half (3,000 images and labels) from its
 * gzipped IDX files, checked and fingerprinted as every run's data is. Run with {@code mvn -pl domain,config -Pjmh
 * verify}; never part of the unit tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdxDecodingBenchmark {
    private Path directory;

    @Setup(Level.Trial)
    public void locate() {
        directory = TestData.subsetDirectory();
    }

    @Benchmark
    public Dataset decodeIdx() {
        return FashionMnistFiles.load(directory, FashionMnistFiles.Part.TRAIN);
    }
}
