package dev.tailor.backend.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ModelSpec} as a DJL {@link SequentialBlock}: one child per layer and per activation, as in PyTorch's
 * {@code nn.Sequential}, so every parameter is found under the spec's own name ({@code 0.weight}, {@code 7.bias}).
 * DJL's layouts are PyTorch's; nothing is permuted. The block ends in logits: the loss and the classifier apply the
 * softmax.
 */
final class DjlBlocks {
    private final SequentialBlock block = new SequentialBlock();
    /** The child holding the parameters of each nn.Sequential module index. */
    private final Map<Integer, Block> parameterOwners = new LinkedHashMap<>();

    private DjlBlocks(ModelSpec spec) {
        int module = 0;
        for (Layer layer : spec.layers()) {
            if (layer instanceof Layer.Conv2d conv) {
                owning(module, Conv2d.builder()
                        .setKernelShape(new Shape(conv.kernel(), conv.kernel()))
                        .setFilters(conv.filters())
                        .optStride(new Shape(conv.stride(), conv.stride()))
                        .optPadding(new Shape(conv.paddingSize(), conv.paddingSize()))
                        .build());
                activation(conv.activation());
            } else if (layer instanceof Layer.MaxPool2d pool) {
                block.add(Pool.maxPool2dBlock(new Shape(pool.size(), pool.size()), new Shape(pool.stride(), pool.stride())));
            } else if (layer instanceof Layer.Flatten) {
                block.add(Blocks.batchFlattenBlock());
            } else if (layer instanceof Layer.Dense dense) {
                owning(module, Linear.builder().setUnits(dense.units()).build());
                activation(dense.activation());
            } else if (layer instanceof Layer.Dropout dropout) {
                block.add(Dropout.builder().optRate((float) dropout.rate()).build());
            } else if (layer instanceof Layer.SoftmaxOutput out) {
                owning(module, Linear.builder().setUnits(out.classes()).build());
            }
            module += layer.moduleCount();
        }
    }

    /**
     * Blocks whose initialisation draws nothing: their weights are about to be overwritten, and DJL's default
     * initialisers would advance PyTorch's global generator, which also draws the dropout masks.
     */
    static DjlBlocks of(ModelSpec spec) {
        DjlBlocks blocks = new DjlBlocks(spec);
        blocks.block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        return blocks;
    }

    /** Blocks with DJL's own default initialisers, for drawing engine-native starting weights. */
    static DjlBlocks withEngineInitialisers(ModelSpec spec) {
        return new DjlBlocks(spec);
    }

    private void owning(int module, Block child) {
        block.add(child);
        parameterOwners.put(module, child);
    }

    private void activation(dev.tailor.domain.model.Activation activation) {
        switch (activation) {
            case RELU -> block.add(Activation.reluBlock());
            case TANH -> block.add(Activation.tanhBlock());
            case SIGMOID -> block.add(Activation.sigmoidBlock());
            case LINEAR -> {
                // The identity: no module, as in PyTorch.
            }
        }
    }

    SequentialBlock block() {
        return block;
    }

    /** Every parameter by its PyTorch name; their arrays exist once the block is initialised. */
    Map<String, Parameter> parameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        parameterOwners.forEach((module, child) -> {
            named.put(module + ".weight", child.getParameters().get("weight"));
            named.put(module + ".bias", child.getParameters().get("bias"));
        });
        return named;
    }

    static Shape inputShape(ModelSpec spec, long batch) {
        ImageShape in = spec.input();
        return new Shape(batch, in.channels(), in.height(), in.width());
    }
}
