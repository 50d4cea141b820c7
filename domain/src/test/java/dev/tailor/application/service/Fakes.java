package dev.tailor.application.service;

import dev.tailor.application.Comparison;
import dev.tailor.application.DataSettings;
import dev.tailor.application.MemberScore;
import dev.tailor.application.RunCheckpoint;
import dev.tailor.application.RunData;
import dev.tailor.application.RunFacts;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ExperimentDirectory;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.DataLocation;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.EngineBackend;
import dev.tailor.domain.training.NetworkFactory;
import dev.tailor.domain.training.OptimizerState;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * In-memory stand-ins for the use cases' out-ports, and an engine that trains nothing: the use cases are tested here
 * with no file system and no deep-learning engine.
 */
final class Fakes {
    static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
    static final ModelSpec SPEC = new ModelSpec("tiny", new ImageShape(1, 2, 2), List.of(new Flatten(), new SoftmaxOutput(10)));

    private Fakes() {
    }

    /** {@code count} 2x2 images; image i is class i mod 10, every pixel its class over 9. */
    static Dataset images(int count) {
        return new Dataset() {
            @Override
            public ImageShape shape() {
                return SPEC.input();
            }

            @Override
            public List<String> classNames() {
                return CLASSES;
            }

            @Override
            public int size() {
                return count;
            }

            @Override
            public int label(int index) {
                return index % 10;
            }

            @Override
            public void copyPixels(int index, float[] target, int offset) {
                java.util.Arrays.fill(target, offset, offset + 4, label(index) / 9f);
            }
        };
    }

    /** {@code data} under other class names. */
    record Renamed(Dataset data, List<String> classNames) implements Dataset {
        @Override
        public ImageShape shape() {
            return data.shape();
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public int label(int index) {
            return data.label(index) % classNames.size();
        }

        @Override
        public void copyPixels(int index, float[] target, int offset) {
            data.copyPixels(index, target, offset);
        }
    }

    static RunData data(int train, int test) {
        return new RunData(new DataLocation(Path.of("/in-memory"), "in memory"), images(train), images(test));
    }

    static TailorConfig config(Path output) {
        return new TailorConfig(Optional.empty(), DataSettings.DEFAULT, SPEC, TrainingConfig.BASELINE.with(t -> t.epochs(2).batchSize(10)),
                output);
    }

    /** A dataset source that hands out {@link #data}, whatever the settings. */
    static DatasetSource source(RunData data) {
        return new DatasetSource() {
            @Override
            public RunData load(DataSettings settings, ImageShape input) {
                return data;
            }

            @Override
            public Dataset testSet(DataSettings settings, ImageShape input) {
                return data.test();
            }
        };
    }

    /**
     * An engine that "trains" by counting steps: its networks predict the class whose index is the mean pixel times 9,
     * plus {@code bias} (so two engines can disagree); trainings counts every run it trained.
     */
    static final class Engine extends EngineBackend {
        final AtomicInteger trainings;

        Engine(String name, int bias) {
            this(name, bias, new AtomicInteger());
        }

        private Engine(String name, int bias, AtomicInteger trainings) {
            super(name, 1, networks(bias, trainings));
            this.trainings = trainings;
        }

        @Override
        public String engine() {
            return name() + " 1.0";
        }

        @Override
        public void useThreads(int threads) {
        }

        @Override
        public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
            return spec.nodes().stream().map(LayerNode::output).toList();
        }

        private static NetworkFactory networks(int bias, AtomicInteger trainings) {
            return new NetworkFactory() {
                @Override
                public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial,
                                               OptimizerState optimizer) {
                    trainings.incrementAndGet();
                    return new Network(spec, classNames, initial, bias, optimizer.steps());
                }

                @Override
                public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
                    weights.requireFits(spec);
                    return new Classifier(spec, classNames, weights, bias);
                }

                @Override
                public Set<Precision> precisions() {
                    return Set.of(Precision.FLOAT32);
                }

                @Override
                public Weights engineInitialWeights(ModelSpec spec, long seed) {
                    return Weights.initial(spec, seed);
                }
            };
        }
    }

    /** A backend that only serves, as ONNX Runtime does: {@code engine}'s classifiers under another name. */
    static Backend servingOnly(String name, Engine engine) {
        return new Backend() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int preference() {
                return 0;
            }

            @Override
            public String engine() {
                return name + " 1.0";
            }

            @Override
            public void useThreads(int threads) {
            }

            @Override
            public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
                return engine.classifier(spec, classNames, weights);
            }

            @Override
            public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
                return engine.layerOutputShapes(spec);
            }
        };
    }

    private record Network(ModelSpec spec, List<String> classNames, Weights start, int bias, long[] steps) implements TrainableNetwork {
        Network(ModelSpec spec, List<String> classNames, Weights start, int bias, long steps) {
            this(spec, classNames, start, bias, new long[] {steps});
        }

        @Override
        public StepResult step(dev.tailor.domain.data.Batch batch, double learningRate) {
            steps[0]++;
            return new StepResult(1.0 / steps[0], batch.size());
        }

        @Override
        public void startEpoch(int epoch, long dropoutSeed) {
        }

        @Override
        public Weights weights() {
            return start;
        }

        @Override
        public OptimizerState optimizerState() {
            return new OptimizerState(steps[0], Map.of());
        }

        @Override
        public NetworkClassifier snapshot() {
            return new Classifier(spec, classNames, start, bias);
        }

        @Override
        public void close() {
        }
    }

    private record Classifier(ModelSpec spec, List<String> classNames, Weights weights, int bias) implements NetworkClassifier {
        @Override
        public List<Prediction> predict(Images images) {
            List<Prediction> predictions = new ArrayList<>();
            int size = images.shape().size();
            for (int i = 0; i < images.count(); i++) {
                float[] p = new float[classNames.size()];
                p[(Math.round(images.pixels()[i * size] * 9) + bias) % classNames.size()] = 1;
                predictions.add(new Prediction(classNames, p));
            }
            return predictions;
        }
    }

    /** A saved model as a model store would give it back. */
    static SavedModel saved(String trainedOn) {
        return new SavedModel(SPEC, CLASSES, Weights.initial(SPEC, 1), TestTimeAugmentation.NONE, trainedOn, trainedOn + " 1.0",
                "2026-12-04T00:00:00Z");
    }

    /** Models kept in memory by directory, as a model store would read them back. */
    static final class Models implements ModelStore {
        final Map<Path, SavedModel> saved = new HashMap<>();

        @Override
        public ServableModel open(Path directory) {
            return load(directory);
        }

        @Override
        public SavedModel load(Path directory) {
            SavedModel model = saved.get(directory);
            if (model == null) {
                throw new InvalidInputException(directory + ": model directory not found");
            }
            return model;
        }

        @Override
        public String weightsSha256(Path directory) {
            return load(directory).weights().fingerprint();
        }

        @Override
        public Map<String, String> exportMetadata(Path directory, ServableModel model) {
            return Map.of("tailor.model", model.name());
        }

        @Override
        public Weights readWeights(Path modelOrFile, ModelSpec spec) {
            return load(modelOrFile).weights();
        }

        @Override
        public void exportWeights(Path file, SavedModel model) {
            throw new UnsupportedOperationException("not needed by these tests");
        }
    }

    /** Runs kept in memory: what each staged run wrote, and which were committed where. */
    static final class Runs implements RunStore {
        final Map<Path, Written> committed = new LinkedHashMap<>();
        final List<Written> discarded = new ArrayList<>();
        /** What {@link #resume} hands back: an interrupted run's parts. */
        Written interrupted;
        final List<String> notices = new ArrayList<>();

        @Override
        public StagedRun stage(Path output, boolean replace, Consumer<String> notices) {
            if (committed.containsKey(output) && !replace) {
                throw new InvalidInputException("output " + output + " already holds a run");
            }
            return new Written(this, output);
        }

        @Override
        public StagedRun resume(Path output, Consumer<String> notices) {
            if (interrupted == null) {
                throw new InvalidInputException("no interrupted run of " + output);
            }
            notices.accept("continuing");
            return interrupted;
        }
    }

    /** One run's parts as written. */
    static final class Written implements StagedRun {
        private final Runs store;
        private final Path output;
        TailorConfig config;
        TrainingHistory history;
        Evaluation metrics;
        List<MemberScore> members;
        SavedModel model;
        Provenance provenance;
        RunFacts facts;
        SavedEnsemble ensemble;
        final List<RunCheckpoint> checkpoints = new ArrayList<>();
        final Map<String, byte[]> files = new LinkedHashMap<>();
        boolean committed;

        Written(Runs store, Path output) {
            this.store = store;
            this.output = output;
        }

        @Override
        public Path output() {
            return output;
        }

        @Override
        public void writeConfig(TailorConfig value) {
            config = value;
        }

        @Override
        public TailorConfig readConfig() {
            return config;
        }

        @Override
        public void writeHistory(TrainingHistory value) {
            history = value;
        }

        @Override
        public void writeMetrics(Evaluation value) {
            metrics = value;
        }

        @Override
        public void writeMembers(List<MemberScore> value) {
            members = value;
        }

        @Override
        public void writeModel(ModelSpec spec, List<String> classNames, Weights weights, Preprocessing.Inversion inversion,
                               Provenance p, Map<String, Double> m) {
            model = new SavedModel(spec, classNames, weights, p.training().tta(), p.backend(), p.engine(), "now", inversion);
            provenance = p;
        }

        @Override
        public void writeFacts(RunFacts value) {
            facts = value;
        }

        @Override
        public SavedEnsemble writeEnsemble(List<Path> models) {
            ensemble = new SavedEnsemble(models.stream().map(path -> saved("fake")).toList(), models);
            return ensemble;
        }

        @Override
        public void writeCheckpoint(RunCheckpoint checkpoint) {
            checkpoints.add(checkpoint);
        }

        @Override
        public Optional<RunCheckpoint> latestCheckpoint() {
            return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
        }

        @Override
        public void deleteCheckpoints() {
            checkpoints.clear();
        }

        @Override
        public BiConsumer<String, byte[]> files() {
            return files::put;
        }

        @Override
        public Path commit() {
            committed = true;
            store.committed.put(output, this);
            return output;
        }

        @Override
        public void close() {
            if (!committed) {
                store.discarded.add(this);
            }
        }
    }

    /** Experiments kept in memory, their runs in a {@link Runs} store (where the in-process trainer writes them). */
    static final class Experiments implements ExperimentStore {
        final Runs runs;
        Comparison comparison;
        SweepResult sweep;
        TailorConfig bestConfig;
        final Map<String, byte[]> files = new LinkedHashMap<>();

        Experiments(Runs runs) {
            this.runs = runs;
        }

        @Override
        public ExperimentDirectory open(Path path, boolean resume, boolean overwrite) {
            return new ExperimentDirectory() {
                @Override
                public Path path() {
                    return path;
                }

                @Override
                public Path runDirectory(String name) {
                    return path.resolve(name);
                }

                @Override
                public boolean isComplete(String name) {
                    return runs.committed.containsKey(runDirectory(name));
                }

                @Override
                public TailorConfig runConfig(String name) {
                    return runs.committed.get(runDirectory(name)).config;
                }

                @Override
                public StoredRun readRun(String name) {
                    Written run = runs.committed.get(runDirectory(name));
                    return new StoredRun(runDirectory(name), run.model, run.facts, run.history, run.provenance);
                }

                @Override
                public void writeComparison(Comparison value) {
                    comparison = value;
                }

                @Override
                public void writeSweep(SweepResult value) {
                    sweep = value;
                }

                @Override
                public Path writeBestConfig(TailorConfig config) {
                    bestConfig = config;
                    return path.resolve("best");
                }

                @Override
                public BiConsumer<String, byte[]> files() {
                    return files::put;
                }
            };
        }
    }

    /** Provenance of a run no engine made. */
    static Provenance provenance(String backend) {
        return new Provenance("test", backend, backend + " 1.0", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 0, java.time.Instant.EPOCH);
    }
}
