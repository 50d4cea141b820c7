package dev.tailor.application.service;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Classifies a stream of encoded images of any length in batches, reporting each result in input order as soon as its
 * batch is done. Memory holds one batch. An image that cannot be decoded is reported as failed in its place and the
 * rest are classified; a failing engine is not an image's fault and ends the scoring.
 */
public final class ImageScorer {
    /** Where results go, in input order. */
    public interface Results {
        void classified(String name, Prediction prediction);

        /** {@code reason} does not repeat the name. */
        void failed(String name, String reason);

        /** After each batch's results: a moment to flush them. */
        default void batchDone() {
        }
    }

    /** How many images were classified and how many failed. */
    public record Tally(long classified, long failed) {
        public long total() {
            return classified + failed;
        }
    }

    private final Classifier classifier;
    private final ImageShape input;
    private final Preprocessing.Inversion inversion;
    private final int batchSize;

    public ImageScorer(Classifier classifier, ImageShape input, Preprocessing.Inversion inversion, int batchSize) {
        if (batchSize < 1) {
            throw new InvalidInputException("batch size " + batchSize + ": expected at least 1");
        }
        this.classifier = classifier;
        this.input = input;
        this.inversion = inversion;
        this.batchSize = batchSize;
    }

    public Tally score(Iterator<? extends EncodedImage> images, Results results) {
        long classified = 0;
        long failed = 0;
        List<Decoded> batch = new ArrayList<>(batchSize);
        while (images.hasNext()) {
            batch.clear();
            while (batch.size() < batchSize && images.hasNext()) {
                batch.add(decode(images.next()));
            }
            List<Image> good = batch.stream().filter(d -> d.image() != null).map(Decoded::image).toList();
            Iterator<Prediction> predictions = good.isEmpty() ? List.<Prediction>of().iterator() : classifier.predict(Images.of(good)).iterator();
            for (Decoded d : batch) {
                if (d.image() != null) {
                    results.classified(d.name(), predictions.next());
                    classified++;
                } else {
                    results.failed(d.name(), d.error());
                    failed++;
                }
            }
            results.batchDone();
        }
        return new Tally(classified, failed);
    }

    /** An image ready for the engine, or (image null) why it could not be had, without its name in front. */
    private record Decoded(String name, Image image, String error) {
    }

    private Decoded decode(EncodedImage encoded) {
        String name = encoded.name();
        try {
            return new Decoded(name, encoded.decode(input, inversion), null);
        } catch (InvalidInputException e) {
            String prefix = name + ": ";
            String message = e.getMessage();
            return new Decoded(name, null, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }
}
