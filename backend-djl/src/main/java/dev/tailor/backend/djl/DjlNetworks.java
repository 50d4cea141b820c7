package dev.tailor.backend.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.BatchCounters;
import dev.tailor.domain.training.NetworkFactory;
import dev.tailor.domain.training.OptimizerState;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** DJL networks, and DJL's own default start: its blocks' default initialisers on PyTorch's seeded generator. */
final class DjlNetworks implements NetworkFactory {
    @Override
    public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial,
                                   OptimizerState optimizer) {
        return new DjlNetwork(spec, classNames, config, initial, optimizer);
    }

    @Override
    public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
        return new DjlClassifier(spec, classNames, weights);
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.allOf(Precision.class);
    }

    @Override
    public synchronized Weights engineInitialWeights(ModelSpec spec, long seed) {
        DjlEngine.start(Runtime.getRuntime().availableProcessors()).setRandomSeed((int) seed);
        DjlBlocks blocks = DjlBlocks.withEngineInitialisers(spec);
        try (NDManager manager = NDManager.newBaseManager(DjlEngine.NAME)) {
            blocks.block().initialize(manager, DataType.FLOAT32, DjlBlocks.inputShape(spec, 1));
            return DjlWeights.read(spec, blocks, BatchCounters.fresh(spec));
        }
    }
}
