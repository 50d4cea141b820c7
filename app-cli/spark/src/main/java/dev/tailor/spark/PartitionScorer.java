package dev.tailor.spark;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.application.service.ImageScorer;
import dev.tailor.config.ImageFiles;
import dev.tailor.domain.inference.Prediction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Runs on the executors: (key, image bytes) rows in, one result row per image out, classified in batches as
 * {@code tailor predict} does (the same decoding and preprocessing), holding one batch of a partition at a time.
 * An image that does not decode becomes a row with its error; the job goes on.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final Broadcast<byte[]> modelArchive;
    private final String backend;
    private final int batchSize;
    private final int threads;
    private final ResultRows rows;

    /** {@code modelArchive}: the model packed by {@link ModelArchive}; {@code modelId}: its checksum. */
    PartitionScorer(String modelId, Broadcast<byte[]> modelArchive, String backend, int batchSize, int threads, ResultRows rows) {
        this.modelId = modelId;
        this.modelArchive = modelArchive;
        this.backend = backend;
        this.batchSize = batchSize;
        this.threads = threads;
        this.rows = rows;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        ExecutorModels.Loaded loaded = ExecutorModels.get(modelId, modelArchive::value, backend, threads);
        ImageScorer scorer = new ImageScorer(loaded.classifier(), loaded.model().input(), loaded.model().inversion(), batchSize);
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>(batchSize);
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<EncodedImage> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && input.hasNext()) {
                    Row row = input.next();
                    batch.add(ImageFiles.encoded(row.getString(0), row.isNullAt(1) ? new byte[0] : row.<byte[]>getAs(1)));
                }
                if (batch.isEmpty()) {
                    return false;
                }
                scorer.score(batch.iterator(), new ImageScorer.Results() {
                    @Override
                    public void classified(String name, Prediction prediction) {
                        ready.add(rows.classified(name, prediction));
                    }

                    @Override
                    public void failed(String name, String reason) {
                        ready.add(rows.failed(name, reason));
                    }
                });
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }
}
