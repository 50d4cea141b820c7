package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.tailor.domain.data.Images;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.ServedNetwork;
import java.util.List;

/**
 * A trained spec served by its own DJL block and native memory, independent of the network it came from; batch norms
 * run on their running estimates. A forward pass only reads the parameters, and each call keeps its arrays in its own
 * sub-manager, so callers on several threads run in parallel.
 */
final class DjlClassifier extends ServedNetwork {
    private final NDManager manager;
    private final DjlBlocks blocks;

    DjlClassifier(ModelSpec spec, List<String> classNames, Weights weights) {
        super(spec, classNames, weights);
        DjlEngine.start();
        this.manager = NDManager.newBaseManager(DjlEngine.NAME);
        this.blocks = DjlBlocks.of(spec);
        blocks.block().initialize(manager, DataType.FLOAT32, DjlBlocks.inputShape(spec, 1));
        DjlWeights.load(spec, blocks, weights);
        // Served parameters never need gradients: with none required, PyTorch records no autograd graph, whatever
        // thread calls and whatever that thread's grad mode.
        blocks.block().freezeParameters(true);
    }

    @Override
    protected float[] probabilities(Images images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(images.pixels(), DjlBlocks.inputShape(spec(), images.count()));
            NDArray logits = blocks.block().forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow();
            return logits.softmax(1).toFloatArray();
        }
    }

    @Override
    protected void release() {
        manager.close();
    }
}
