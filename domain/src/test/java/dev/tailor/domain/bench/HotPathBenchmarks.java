package dev.tailor.domain.bench;

import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.augmentation.EpochAugmenter;
import dev.tailor.domain.augmentation.RandomErasing;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.testing.TestData;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Java work around every training step and prediction, measured apart from the engines: assembling shuffled
 * batches, augmenting a batch, and turning a decoded picture into a model input (decoding the IDX files is the files
 * adapter's: {@code IdxDecodingBenchmark} in config). Run with {@code mvn -pl domain,config -Pjmh verify}
 * (docs/results.md quotes the figures); never part of the unit tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {
    private static final int BATCH = 128;
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    private Dataset train;
    private Batch batch;
    private EpochAugmenter shiftFlipErase;
    private int[] photo;

    @Setup(Level.Trial)
    public void load() {
        train = TestData.train();
        batch = train.shuffledBatches(BATCH, 1).iterator().next();
        shiftFlipErase = new Augmentation(2, true, Optional.of(RandomErasing.ZHONG)).forEpoch(42, 1);
        // A 280x280 ARGB picture, as a user's PNG decodes: downscaled, greyed and inverted by the preprocessing.
        SplittableRandom random = new SplittableRandom(7);
        photo = new int[280 * 280];
        for (int i = 0; i < photo.length; i++) {
            int grey = random.nextInt(256);
            photo[i] = 0xFF000000 | grey << 16 | grey << 8 | grey;
        }
    }

    /** One epoch of the 3,000 images in shuffled batches of 128. */
    @Benchmark
    public void assembleBatches(Blackhole sink) {
        for (Batch b : train.shuffledBatches(BATCH, 42)) {
            sink.consume(b);
        }
    }

    /** One batch of 128 shifted, flipped and erased. */
    @Benchmark
    public Batch augmentBatch() {
        return shiftFlipErase.apply(batch);
    }

    /** One 280x280 picture to a 28x28 model input. */
    @Benchmark
    public Object preprocessPicture() {
        return Preprocessing.prepare(280, 280, photo, SHAPE, Preprocessing.Inversion.AUTO);
    }
}
