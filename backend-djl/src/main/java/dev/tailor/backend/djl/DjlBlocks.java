package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout2d;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Normalize;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.training.Precision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A {@link ModelSpec} as a DJL {@link SequentialBlock} with one child per layer. Every tensor a layer declares is
 * bound to the DJL parameter that holds it, found by its role; DJL's layouts are PyTorch's, so nothing is permuted.
 * The block ends in logits: the loss and the classifier apply the softmax.
 */
final class DjlBlocks {
    private final SequentialBlock block = new SequentialBlock();
    private final Map<String, Parameter> parameters = new HashMap<>();
    /** Tensors of frozen layers (transfer learning): their batch norms run in inference mode. */
    private final Set<String> frozen;
    private final Precision precision;

    private DjlBlocks(ModelSpec spec, Set<String> frozen, Precision precision) {
        this.frozen = Set.copyOf(frozen);
        this.precision = precision;
        spec.nodes().forEach(node -> block.add(map(node)));
    }

    /**
     * Blocks whose initialisation draws nothing: their weights are about to be overwritten, and DJL's default
     * initialisers would advance PyTorch's global generator, which also draws the dropout masks.
     */
    static DjlBlocks of(ModelSpec spec) {
        return of(spec, Set.of(), Precision.FLOAT32);
    }

    /**
     * The same, for training in {@code precision} with the layers holding {@code frozen} tensors frozen (see
     * {@link #freeze()}).
     */
    static DjlBlocks of(ModelSpec spec, Set<String> frozen, Precision precision) {
        DjlBlocks blocks = new DjlBlocks(spec, frozen, precision);
        blocks.block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        return blocks;
    }

    /** Blocks with DJL's own default initialisers, for drawing engine-native starting weights. */
    static DjlBlocks withEngineInitialisers(ModelSpec spec) {
        return new DjlBlocks(spec, Set.of(), Precision.FLOAT32);
    }

    /**
     * Takes the frozen tensors out of training: no gradient, so the optimizer (and its weight decay) never updates
     * them. Call once the weights are loaded.
     */
    void freeze() {
        frozen.forEach(name -> {
            Parameter parameter = parameters.get(name);
            if (parameter != null) {
                parameter.freeze(true);
            }
        });
    }

    /** The name under which DJL's blocks hold a tensor of this role; none for what no DJL block keeps. */
    private static Optional<String> parameterName(TensorSpec.Role role) {
        return switch (role) {
            case WEIGHT -> Optional.of("weight");
            case BIAS -> Optional.of("bias");
            case SCALE -> Optional.of("gamma");
            case SHIFT -> Optional.of("beta");
            case RUNNING_MEAN -> Optional.of("runningMean");
            case RUNNING_VARIANCE -> Optional.of("runningVar");
            case BATCH_COUNTER -> Optional.empty();
        };
    }

    SequentialBlock block() {
        return block;
    }

    /** The DJL parameter holding a declared tensor; empty for tensors no DJL block keeps (batch counters). */
    Optional<Parameter> parameter(TensorSpec tensor) {
        return Optional.ofNullable(parameters.get(tensor.name()));
    }

    static Shape inputShape(ModelSpec spec, long batch) {
        ImageShape in = spec.input();
        return new Shape(batch, in.channels(), in.height(), in.width());
    }

    private Block map(LayerNode node) {
        return node.layer().accept(new NodeMapping(node));
    }

    private SequentialBlock sequence(List<LayerNode> nodes) {
        SequentialBlock sequence = new SequentialBlock();
        nodes.forEach(node -> sequence.add(map(node)));
        return sequence;
    }

    /** One layer node as a block. */
    private final class NodeMapping implements Layer.Visitor<Block> {
        private final LayerNode node;

        NodeMapping(LayerNode node) {
            this.node = node;
        }

        /** Constants broadcast over height and width: [1, C, 1, 1]. */
        @Override
        public Block normalize(Normalize normalize) {
            float[] mean = floats(normalize.mean());
            float[] std = floats(normalize.std());
            Shape perChannel = new Shape(1, mean.length, 1, 1);
            return new LambdaBlock(inputs -> {
                NDArray x = inputs.singletonOrThrow();
                NDManager manager = x.getManager();
                return new NDList(x.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel)));
            }, "normalize");
        }

        @Override
        public Block conv2d(dev.tailor.domain.model.layer.Conv2d conv) {
            Shape stride = new Shape(conv.stride(), conv.stride());
            Shape padding = new Shape(conv.paddingSize(), conv.paddingSize());
            Block layer = owning(Conv2d.builder()
                    .setKernelShape(new Shape(conv.kernel(), conv.kernel()))
                    .setFilters(conv.filters())
                    .optStride(stride)
                    .optPadding(padding)
                    .optBias(conv.bias())
                    .build());
            return activated(inPrecision(layer, (x, weight, bias) -> Conv2d.conv2d(x, weight, bias, stride, padding), false),
                    conv.activation());
        }

        @Override
        public Block maxPool2d(MaxPool2d pool) {
            return Pool.maxPool2dBlock(new Shape(pool.size(), pool.size()), new Shape(pool.stride(), pool.stride()));
        }

        @Override
        public Block avgPool2d(AvgPool2d pool) {
            return Pool.avgPool2dBlock(new Shape(pool.size(), pool.size()), new Shape(pool.stride(), pool.stride()),
                    new Shape(0, 0), false);
        }

        @Override
        public Block globalAvgPool(GlobalAvgPool pool) {
            return Pool.globalAvgPool2dBlock();
        }

        @Override
        public Block flatten(Flatten flatten) {
            return Blocks.batchFlattenBlock();
        }

        @Override
        public Block dense(Dense dense) {
            return activated(inPrecision(owning(Linear.builder().setUnits(dense.units()).optBias(dense.bias()).build()),
                    Linear::linear, false), dense.activation());
        }

        @Override
        public Block dropout(dev.tailor.domain.model.layer.Dropout dropout) {
            return Dropout.builder().optRate((float) dropout.rate()).build();
        }

        /** DJL has no channel dropout: a mask of one draw per channel and image, from the same generator as dropout's. */
        @Override
        public Block dropout2d(Dropout2d dropout) {
            return new ChannelDropout((float) dropout.rate());
        }

        /**
         * DJL's momentum is the weight of the old estimate (it hands PyTorch 1 - momentum). A frozen batch norm always
         * runs as at inference: normalised by its running estimates, which it keeps.
         */
        @Override
        public Block batchNorm(dev.tailor.domain.model.layer.BatchNorm norm) {
            Block owner = owning(BatchNorm.builder()
                    .optMomentum((float) (1 - norm.momentum()))
                    .optEpsilon((float) norm.epsilon())
                    .build());
            return node.ownTensors().stream().allMatch(t -> frozen.contains(t.name())) ? new InferenceMode(owner) : owner;
        }

        /** Over every axis but the batch's: PyTorch's normalized_shape is the whole example. */
        @Override
        public Block layerNorm(dev.tailor.domain.model.layer.LayerNorm norm) {
            int[] axes = IntStream.rangeClosed(1, dev.tailor.domain.model.layer.LayerNorm.normalizedShape(node.input()).size())
                    .toArray();
            return owning(LayerNorm.builder().axis(axes).optEpsilon((float) norm.epsilon()).build());
        }

        @Override
        public Block activation(ActivationLayer layer) {
            return activationBlock(layer.activation()).orElseThrow(
                    () -> new IllegalStateException("an activation layer is never linear"));
        }

        @Override
        public Block residual(Residual residual) {
            List<LayerNode> shortcut = residual.shortcut(node.path(), node.input());
            Block sum = new ParallelBlock(
                    branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                    List.of(sequence(residual.body(node.path(), node.input())),
                            shortcut.isEmpty() ? Blocks.identityBlock() : sequence(shortcut)));
            return activated(sum, residual.activation());
        }

        @Override
        public Block softmax(SoftmaxOutput output) {
            return inPrecision(owning(Linear.builder().setUnits(output.classes()).build()), Linear::linear, true);
        }

        /** A convolution or dense layer as the training precision computes it; {@code logits} for the last one. */
        private Block inPrecision(Block layer, Bf16Compute.Op op, boolean logits) {
            return switch (precision) {
                case FLOAT32 -> layer;
                case BF16 -> new Bf16Compute(layer, op, logits);
            };
        }

        /** Binds each tensor this node declares to the parameter of {@code owner} that holds it. */
        private Block owning(Block owner) {
            for (TensorSpec t : node.ownTensors()) {
                parameterName(t.role()).ifPresent(name -> parameters.put(t.name(), Objects.requireNonNull(
                        owner.getParameters().get(name), () -> "DJL's block for " + node.layer().type() + " has no " + name)));
            }
            return owner;
        }
    }

    /** A block run as at inference whether training or not: a frozen batch norm. */
    private static final class InferenceMode extends WrappingBlock {
        InferenceMode(Block inner) {
            super("frozen", inner);
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
            return inner.forward(parameters, inputs, false, params);
        }
    }

    /** Drops each channel of each image whole while training, scaling the kept ones by 1 / (1 - rate). */
    private static final class ChannelDropout extends AbstractBlock {
        private final float rate;

        ChannelDropout(float rate) {
            this.rate = rate;
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            if (!training || rate == 0) {
                return inputs;
            }
            Shape shape = x.getShape();
            Shape perChannel = new Shape(shape.get(0), shape.get(1), 1, 1);
            // Float32 whatever x is: DJL cannot create or cast to bfloat16 (it aborts), and the product promotes.
            NDArray kept = x.getManager().randomUniform(0f, 1f, perChannel, DataType.FLOAT32, x.getDevice())
                    .gte(rate).toType(DataType.FLOAT32, false).div(1 - rate);
            return new NDList(x.mul(kept));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static Block activated(Block block, Activation activation) {
        return activationBlock(activation).<Block>map(act -> new SequentialBlock().add(block).add(act)).orElse(block);
    }

    private static Optional<Block> activationBlock(Activation activation) {
        return switch (activation) {
            case RELU -> Optional.of(ai.djl.nn.Activation.reluBlock());
            case LEAKY_RELU -> Optional.of(ai.djl.nn.Activation.leakyReluBlock((float) Activation.LEAKY_SLOPE));
            case TANH -> Optional.of(ai.djl.nn.Activation.tanhBlock());
            case SIGMOID -> Optional.of(ai.djl.nn.Activation.sigmoidBlock());
            case LINEAR -> Optional.empty();
        };
    }
}
