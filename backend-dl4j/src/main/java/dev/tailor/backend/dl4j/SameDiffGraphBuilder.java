package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** Builds the SameDiff graph of a spec, one layer node at a time, in training or inference form. */
final class SameDiffGraphBuilder {
    private final SameDiff sd = SameDiff.create();
    private final Weights weights;
    private final boolean training;
    private final List<SameDiffGraph.DropoutMask> masks = new ArrayList<>();
    private final List<SameDiffGraph.Trainable> trainables = new ArrayList<>();

    SameDiffGraphBuilder(Weights weights, boolean training) {
        this.weights = weights;
        this.training = training;
    }

    SameDiffGraph build(ModelSpec spec) {
        weights.requireFits(spec);
        ImageShape in = spec.input();
        SDVariable x = sd.placeHolder(SameDiffGraph.INPUT, DataType.FLOAT, -1, in.channels(), in.height(), in.width());
        List<String> layerOutputs = new ArrayList<>();
        for (LayerNode node : spec.nodes()) {
            x = node.layer().accept(new NodeMapping(node, x));
            layerOutputs.add(x.name());
        }
        if (training) {
            SDVariable labels = sd.placeHolder(SameDiffGraph.LABELS, DataType.FLOAT, -1, spec.classes());
            sd.loss().softmaxCrossEntropy(SameDiffGraph.LOSS, labels, sd.getVariable(SameDiffGraph.LOGITS), null);
            sd.setLossVariables(SameDiffGraph.LOSS);
        }
        return new SameDiffGraph(sd, masks, trainables, layerOutputs);
    }

    /** One layer node applied to {@code x}. */
    private final class NodeMapping implements Layer.Visitor<SDVariable> {
        private final LayerNode node;
        private final SDVariable x;

        NodeMapping(LayerNode node, SDVariable x) {
            this.node = node;
            this.x = x;
        }

        @Override
        public SDVariable conv2d(Layer.Conv2d conv) {
            SDVariable kernel = variable(TensorSpec.Role.WEIGHT, TensorLayout.KERNEL_HWIO);
            // Explicit symmetric padding in VALID mode is PyTorch's convention and covers every padding rule.
            Conv2DConfig config = Conv2DConfig.builder()
                    .kH(conv.kernel()).kW(conv.kernel())
                    .sH(conv.stride()).sW(conv.stride())
                    .pH(conv.paddingSize()).pW(conv.paddingSize())
                    .paddingMode(PaddingMode.VALID)
                    .dataFormat("NCHW")
                    .build();
            return activate(sd.cnn().conv2d(x, kernel, variable(TensorSpec.Role.BIAS, TensorLayout.TORCH), config),
                    conv.activation());
        }

        @Override
        public SDVariable maxPool2d(Layer.MaxPool2d pool) {
            return sd.cnn().maxPooling2d(x, pooling(pool.size(), pool.stride()));
        }

        @Override
        public SDVariable flatten(Layer.Flatten flatten) {
            return sd.reshape(x, -1, node.output().size());
        }

        @Override
        public SDVariable dense(Layer.Dense dense) {
            return activate(linear(null), dense.activation());
        }

        @Override
        public SDVariable dropout(Layer.Dropout dropout) {
            if (!training || dropout.rate() == 0) {
                return x;
            }
            SameDiffGraph.DropoutMask mask = new SameDiffGraph.DropoutMask("dropout_mask." + node.path(),
                    exampleShape(node.output()), 1 - dropout.rate());
            masks.add(mask);
            return x.mul(sd.placeHolder(mask.placeholder(), DataType.FLOAT, withBatch(mask.exampleShape())));
        }

        @Override
        public SDVariable softmax(Layer.SoftmaxOutput output) {
            return sd.nn().softmax(SameDiffGraph.PROBABILITIES, linear(SameDiffGraph.LOGITS), 1);
        }

        /** x W^T + b with W held as [out, in], as torch.nn.Linear does. */
        private SDVariable linear(String name) {
            SDVariable product = sd.mmul(x, variable(TensorSpec.Role.WEIGHT, TensorLayout.TORCH), false, true, false);
            SDVariable b = variable(TensorSpec.Role.BIAS, TensorLayout.TORCH);
            return name == null ? product.add(b) : product.add(name, b);
        }

        private TensorSpec tensor(TensorSpec.Role role) {
            return node.ownTensors().stream().filter(t -> t.role() == role).findFirst()
                    .orElseThrow(() -> new IllegalStateException(node.layer().type() + " at " + node.path() + " declares no " + role));
        }

        /** The declared tensor of this role as a trainable graph variable, starting from the given weights. */
        private SDVariable variable(TensorSpec.Role role, TensorLayout layout) {
            TensorSpec spec = tensor(role);
            trainables.add(new SameDiffGraph.Trainable(spec, layout));
            return sd.var(spec.name(), layout.toEngine(weights.get(spec.name())));
        }
    }

    private SDVariable activate(SDVariable x, Activation activation) {
        return switch (activation) {
            case RELU -> sd.nn().relu(x, 0);
            case TANH -> sd.math().tanh(x);
            case SIGMOID -> sd.nn().sigmoid(x);
            case LINEAR -> x;
        };
    }

    private static Pooling2DConfig pooling(int size, int stride) {
        return Pooling2DConfig.builder()
                .kH(size).kW(size)
                .sH(stride).sW(stride)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build();
    }

    private static long[] exampleShape(FeatureShape shape) {
        if (shape instanceof ImageShape image) {
            return new long[] {image.channels(), image.height(), image.width()};
        }
        return new long[] {shape.size()};
    }

    private static long[] withBatch(long[] exampleShape) {
        long[] dims = new long[exampleShape.length + 1];
        dims[0] = -1;
        System.arraycopy(exampleShape, 0, dims, 1, exampleShape.length);
        return dims;
    }
}
