package dev.tailor.cli;

import dev.tailor.domain.training.EpochReport;

/** The line that closes an epoch, the same whether progress was drawn as bars or printed as lines. */
final class EpochLine {
    private EpochLine() {
    }

    static String of(EpochReport r, int epochs) {
        String validation = r.validationAccuracy().isPresent()
                ? String.format("  val loss %.4f  val acc %.4f", r.validationLoss().orElse(Double.NaN), r.validationAccuracy().getAsDouble())
                : "";
        String test = r.testAccuracy().isPresent()
                ? String.format("  test loss %.4f  test acc %.4f", r.testLoss().orElse(Double.NaN), r.testAccuracy().getAsDouble())
                : "";
        return String.format("epoch %d/%d done: loss %.4f  train acc %.4f%s%s  lr %.3g  %.1f s  %,.0f img/s",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), validation, test, r.learningRate(), r.seconds(),
                r.imagesPerSecond());
    }
}
