package dev.tailor.domain.training;

/**
 * Progress after one training step.
 *
 * @param batch          1-based index of the batch within its epoch
 * @param loss           mean loss over this batch
 * @param runningLoss    mean loss over the epoch so far
 * @param runningAccuracy training accuracy over the epoch so far, 0..1
 * @param images         images seen in this epoch so far
 * @param seconds        seconds since the epoch started
 */
public record BatchReport(int epoch, int batch, int batchesPerEpoch, double loss, double runningLoss,
                          double runningAccuracy, long images, double seconds) {

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
