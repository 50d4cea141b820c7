package dev.tailor.domain.training;

import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Shuffle;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The training loop every backend shares: seeded shuffling per epoch, mini-batches, timing, progress and
 * held-out scoring. Engines only supply the step ({@link TrainableNetwork}).
 */
public final class MiniBatchTrainer implements Trainer {
    private final NetworkFactory networks;

    public MiniBatchTrainer(NetworkFactory networks) {
        this.networks = networks;
    }

    @Override
    public Weights startingWeights(TrainingRequest request) {
        return request.startingWeights(networks);
    }

    @Override
    public TrainingResult train(TrainingRequest request, TrainingListener listener) {
        TrainingConfig config = request.config();
        Dataset data = request.trainSet();
        int batches = data.batchCount(config.batchSize());
        List<EpochReport> epochs = new ArrayList<>();
        Classifier snapshot = null;
        Evaluation heldOut = null;
        try (TrainableNetwork network = networks.create(request.spec(), data.classNames(), config, request.startingWeights(networks))) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                listener.onEpochStart(epoch, config.epochs(), batches);
                EpochReport report = runEpoch(network, data, config, epoch, batches, listener);
                if (request.heldOut().isPresent()) {
                    closeQuietly(snapshot);
                    snapshot = network.snapshot();
                    heldOut = Evaluation.of(snapshot, request.heldOut().get());
                    report = new EpochReport(report.epoch(), report.trainLoss(), report.trainAccuracy(),
                            OptionalDouble.of(heldOut.accuracy()), OptionalDouble.of(heldOut.loss()), report.seconds(), report.images());
                }
                epochs.add(report);
                listener.onEpochEnd(report);
            }
            if (snapshot == null) {
                snapshot = network.snapshot();
            }
            return new TrainingResult(snapshot, new TrainingHistory(epochs), Optional.ofNullable(heldOut));
        } catch (RuntimeException | Error e) {
            closeQuietly(snapshot);
            throw e;
        }
    }

    private static void closeQuietly(Classifier classifier) {
        if (classifier != null) {
            classifier.close();
        }
    }

    private static EpochReport runEpoch(TrainableNetwork network, Dataset data, TrainingConfig config, int epoch,
                                        int batches, TrainingListener listener) {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        int index = 0;
        for (Batch batch : data.shuffledBatches(config.batchSize(), Shuffle.epochSeed(config.seed(), epoch))) {
            TrainableNetwork.StepResult step = network.step(batch);
            if (!Double.isFinite(step.loss())) {
                throw new TailorException("training diverged: the loss became " + step.loss() + " in epoch " + epoch
                        + ", batch " + (index + 1) + "; try a smaller learning rate");
            }
            index++;
            lossSum += step.loss() * batch.size();
            correct += step.correct();
            images += batch.size();
            listener.onBatch(new BatchReport(epoch, index, batches, step.loss(), lossSum / images,
                    (double) correct / images, images, seconds(start)));
        }
        return new EpochReport(epoch, lossSum / images, (double) correct / images, OptionalDouble.empty(),
                OptionalDouble.empty(), seconds(start), images);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
