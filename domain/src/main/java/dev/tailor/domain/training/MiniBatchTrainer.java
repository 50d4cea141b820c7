package dev.tailor.domain.training;

import dev.tailor.domain.TailorException;
import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.augmentation.EpochAugmenter;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.DataSplit;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Shuffle;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The training loop every backend shares: the validation split, seeded shuffling and augmentation per epoch, the
 * learning rate of every step, mini-batches, timing, progress, scoring, early stopping. Engines only supply the step
 * ({@link TrainableNetwork}).
 */
public final class MiniBatchTrainer implements Trainer {
    private final String backend;
    private final Supplier<String> engine;
    private final NetworkFactory networks;

    /**
     * @param backend the backend's name and {@code engine} its description, for the runs' provenance ({@code engine}
     *                is asked only once a run is done, as describing an engine may start it)
     */
    public MiniBatchTrainer(String backend, Supplier<String> engine, NetworkFactory networks) {
        this.backend = backend;
        this.engine = engine;
        this.networks = networks;
    }

    @Override
    public Weights initialWeights(ModelSpec spec, TrainingConfig config) {
        return switch (config.init()) {
            case GLOROT -> Weights.initial(spec, config.seed());
            case PYTORCH -> Weights.pytorchDefault(spec, config.seed());
            case ENGINE -> networks.engineInitialWeights(spec, config.seed());
        };
    }

    @Override
    public TrainingResult train(TrainingRequest request, TrainingListener listener) {
        return run(request, Optional.empty(), listener);
    }

    @Override
    public TrainingResult resume(TrainingRequest request, TrainingCheckpoint checkpoint, TrainingListener listener) {
        checkpoint.weights().requireFits(request.spec());
        if (checkpoint.epochsDone() > request.config().epochs()) {
            throw new TailorException("the checkpoint is after epoch " + checkpoint.epochsDone() + " but the run has only "
                    + request.config().epochs() + " epochs");
        }
        return run(request, Optional.of(checkpoint), listener);
    }

    private TrainingResult run(TrainingRequest request, Optional<TrainingCheckpoint> resumed, TrainingListener listener) {
        TrainingConfig config = request.config();
        config.precision().requireOfferedBy(backend, networks.precisions());
        Instant startedAt = Instant.now();
        Weights start = resumed.map(TrainingCheckpoint::weights)
                .or(request::initialWeights).orElseGet(() -> initialWeights(request.spec(), config));
        OptimizerState optimizer = resumed.map(TrainingCheckpoint::optimizer).orElse(OptimizerState.FRESH);
        DataSplit split = request.split();
        Dataset fit = split.train();
        int batches = fit.batchCount(config.batchSize());
        Progress progress = new Progress(config);
        NumericWatch watch = new NumericWatch();
        NetworkClassifier latest = null;
        boolean latestIsBest = false;
        Optional<Evaluation> latestTest = Optional.empty();
        try (TrainableNetwork network = networks.create(request.spec(), fit.classNames(), config, start, optimizer)) {
            // After the network: creating it is what sets the engine up for this run.
            resumed.ifPresent(checkpoint -> progress.restore(checkpoint,
                    best -> config.tta().apply(networks.classifier(request.spec(), fit.classNames(), best))));
            int first = resumed.map(TrainingCheckpoint::epochsDone).orElse(0) + 1;
            for (int epoch = first; epoch <= config.epochs() && !progress.stopped(); epoch++) {
                listener.onEpochStart(epoch, config.epochs(), batches);
                network.startEpoch(epoch, dropoutSeed(config.seed(), epoch));
                EpochReport report = runEpoch(network, fit, config, epoch, batches, listener, watch);
                watch.epochEnd(network.weights(), epoch, batches);
                if (!latestIsBest) {
                    closeQuietly(latest);
                }
                latest = config.tta().apply(network.snapshot());
                if (config.validation().enabled()) {
                    Evaluation validation = Evaluation.of(latest, split.validation());
                    report = report.withValidation(validation.loss(), validation.accuracy());
                }
                latestTest = Optional.empty();
                if (config.testEachEpoch() && request.testSet().isPresent()) {
                    latestTest = Optional.of(Evaluation.of(latest, request.testSet().get()));
                    report = report.withTest(latestTest.get().loss(), latestTest.get().accuracy());
                }
                latestIsBest = progress.record(report, latest);
                listener.onEpochEnd(report);
                listener.onCheckpoint(() -> progress.checkpoint(network.weights(), network.optimizerState()));
            }
            if (latest == null) {
                // Resumed after its last epoch: nothing left to train, only to score and hand back.
                latest = config.tta().apply(network.snapshot());
            }
            NetworkClassifier kept = progress.keptOr(latest);
            if (kept != latest) {
                closeQuietly(latest);
                latestTest = Optional.empty();
            }
            latest = null;
            progress.release();
            try {
                Optional<Evaluation> test = latestTest.isPresent() ? latestTest : request.testSet().map(data -> Evaluation.of(kept, data));
                Provenance provenance = new Provenance(TailorVersion.current(), backend, engine.get(), config,
                        request.trainSet().origin(), fit.size(), startedAt);
                return new TrainingResult(kept, progress.history(), test, provenance);
            } catch (RuntimeException | Error e) {
                kept.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            if (!latestIsBest) {
                closeQuietly(latest);
            }
            progress.closeBest();
            throw e;
        }
    }

    /** The seed of one epoch's dropout masks (1-based): distinct per epoch and from the shuffle's, fixed by the run's seed. */
    static long dropoutSeed(long runSeed, int epoch) {
        return new SplittableRandom(runSeed).split().split().split().nextLong() ^ (0xC2B2AE3D27D4EB4FL * epoch);
    }

    private static void closeQuietly(NetworkClassifier classifier) {
        if (classifier != null) {
            classifier.close();
        }
    }

    private static EpochReport runEpoch(TrainableNetwork network, Dataset data, TrainingConfig config, int epoch,
                                        int batches, TrainingListener listener, NumericWatch watch) {
        long start = System.nanoTime();
        long totalSteps = (long) batches * config.epochs();
        EpochAugmenter augmenter = config.augmentation().forEpoch(config.seed(), epoch);
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        int index = 0;
        double rate = 0;
        for (Batch batch : data.shuffledBatches(config.batchSize(), Shuffle.epochSeed(config.seed(), epoch))) {
            rate = config.learningRate((long) (epoch - 1) * batches + index, totalSteps, batches);
            TrainableNetwork.StepResult step = network.step(augmenter.apply(batch), rate);
            index++;
            watch.step(step.loss(), epoch, index, network::weights);
            lossSum += step.loss() * batch.size();
            correct += step.correct();
            images += batch.size();
            listener.onBatch(new BatchReport(epoch, index, batches, step.loss(), lossSum / images,
                    (double) correct / images, images, seconds(start)));
        }
        return new EpochReport(epoch, lossSum / images, (double) correct / images, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), rate, seconds(start), images);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The epochs so far and, with early stopping, the best epoch's classifier and whether to stop. */
    private static final class Progress {
        private final TrainingConfig config;
        private final List<EpochReport> epochs = new ArrayList<>();
        private NetworkClassifier best;
        private boolean ownsBest = true;
        private int bestEpoch;
        private double bestScore;
        private String stopReason;

        Progress(TrainingConfig config) {
            this.config = config;
        }

        /** Takes up where a checkpoint left off; {@code classifier} rebuilds the best epoch's classifier. */
        void restore(TrainingCheckpoint checkpoint, java.util.function.Function<Weights, NetworkClassifier> classifier) {
            epochs.addAll(checkpoint.epochs());
            checkpoint.best().ifPresent(b -> {
                best = classifier.apply(b.weights());
                bestEpoch = b.epoch();
                bestScore = b.score();
            });
            stopReason = checkpoint.stopReason().orElse(null);
        }

        TrainingCheckpoint checkpoint(Weights weights, OptimizerState optimizer) {
            Optional<TrainingCheckpoint.Best> kept = best == null ? Optional.empty()
                    : Optional.of(new TrainingCheckpoint.Best(bestEpoch, bestScore, best.weights()));
            return new TrainingCheckpoint(weights, optimizer, epochs, kept, Optional.ofNullable(stopReason));
        }

        /** Records an epoch; true when early stopping keeps {@code snapshot} as the best so far (and owns it). */
        boolean record(EpochReport report, NetworkClassifier snapshot) {
            epochs.add(report);
            if (config.validation().earlyStopping().isEmpty()) {
                return false;
            }
            EarlyStopping rule = config.validation().earlyStopping().get();
            double score = switch (rule.monitor()) {
                case VALIDATION_LOSS -> report.validationLoss().orElseThrow();
                case VALIDATION_ACCURACY -> report.validationAccuracy().orElseThrow();
            };
            if (best == null || rule.monitor().improves(score, bestScore, rule.minDelta())) {
                closeQuietly(best);
                best = snapshot;
                bestEpoch = report.epoch();
                bestScore = score;
                return true;
            }
            if (report.epoch() - bestEpoch >= rule.patience()) {
                stopReason = String.format("stopped early after epoch %d: %s did not improve on epoch %d's %.4f for %d epochs",
                        report.epoch(), rule.monitor().id(), bestEpoch, bestScore, rule.patience());
            }
            return false;
        }

        boolean stopped() {
            return stopReason != null;
        }

        /** The best epoch's classifier under early stopping, else {@code last}. */
        NetworkClassifier keptOr(NetworkClassifier last) {
            return best != null ? best : last;
        }

        TrainingHistory history() {
            int kept = best != null ? bestEpoch : epochs.get(epochs.size() - 1).epoch();
            String reason = stopReason != null ? stopReason : "completed all " + epochs.size() + " epochs";
            return new TrainingHistory(epochs, kept, best != null ? reason + "; kept epoch " + kept : reason);
        }

        /** The caller owns the kept classifier from now on. */
        void release() {
            ownsBest = false;
        }

        void closeBest() {
            if (ownsBest) {
                closeQuietly(best);
            }
        }
    }
}
