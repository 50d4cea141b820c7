package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout2d;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerNorm;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Normalize;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import dev.tailor.domain.training.WeightDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** Builds the SameDiff graph of a spec, one layer node at a time, in training or inference form. */
final class SameDiffGraphBuilder {
    private final SameDiff sd = SameDiff.create();
    private final Weights weights;
    private final boolean training;
    private final WeightDecay l2;
    /** Tensors of frozen layers (transfer learning): constants of the graph, their batch norms as at inference. */
    private final Set<String> frozen;
    private final List<SameDiffGraph.DropoutMask> masks = new ArrayList<>();
    private final List<SameDiffGraph.Trainable> trainables = new ArrayList<>();
    private final List<SameDiffGraph.BatchStatistics> statistics = new ArrayList<>();
    private final List<OpProgram.ImageBatchNorm> imageBatchNorms = new ArrayList<>();

    SameDiffGraphBuilder(Weights weights, boolean training, WeightDecay l2, Set<String> frozen) {
        this.weights = weights;
        this.training = training;
        this.l2 = l2;
        this.frozen = Set.copyOf(frozen);
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
            // Cross-entropy against the (smoothed) targets, averaged over the batch, from plain ops: SameDiff's fused
            // softmaxCrossEntropy loss op logs a warning about its own properties whenever a gradient graph is built.
            SDVariable logProbabilities = sd.nn().logSoftmax(sd.getVariable(SameDiffGraph.LOGITS));
            labels.mul(logProbabilities).sum(1).neg().mean(SameDiffGraph.LOSS, 0);
            List<SDVariable> decayed = trainables.stream().filter(t -> l2.appliesTo(t.spec()))
                    .map(t -> sd.getVariable(t.spec().name())).toList();
            if (decayed.isEmpty()) {
                sd.setLossVariables(SameDiffGraph.LOSS);
            } else {
                // The gradient of decay / 2 x sum(w^2) is decay x w: PyTorch's L2 weight decay, through the same updater.
                SDVariable squares = decayed.stream().map(w -> sd.sum(w.mul(w))).reduce(SDVariable::add).orElseThrow();
                squares.mul(SameDiffGraph.PENALTY, l2.rate() / 2);
                sd.setLossVariables(SameDiffGraph.LOSS, SameDiffGraph.PENALTY);
            }
        }
        return new SameDiffGraph(sd, masks, trainables, statistics, layerOutputs, imageBatchNorms);
    }

    private SDVariable sequence(List<LayerNode> nodes, SDVariable x) {
        for (LayerNode node : nodes) {
            x = node.layer().accept(new NodeMapping(node, x));
        }
        return x;
    }

    /** One layer node applied to {@code x}. */
    private final class NodeMapping implements Layer.Visitor<SDVariable> {
        private final LayerNode node;
        private final SDVariable x;

        NodeMapping(LayerNode node, SDVariable x) {
            this.node = node;
            this.x = x;
        }

        /** Constants broadcast over height and width: [1, C, 1, 1]. */
        @Override
        public SDVariable normalize(Normalize normalize) {
            long[] perChannel = {1, normalize.mean().size(), 1, 1};
            double[] mean = normalize.mean().stream().mapToDouble(Double::doubleValue).toArray();
            double[] std = normalize.std().stream().mapToDouble(Double::doubleValue).toArray();
            return x.sub(sd.constant(Nd4j.create(mean, perChannel, DataType.FLOAT)))
                    .div(sd.constant(Nd4j.create(std, perChannel, DataType.FLOAT)));
        }

        @Override
        public SDVariable conv2d(Conv2d conv) {
            SDVariable kernel = variable(TensorSpec.Role.WEIGHT, TensorLayout.KERNEL_HWIO);
            // Explicit symmetric padding in VALID mode is PyTorch's convention and covers every padding rule.
            Conv2DConfig config = Conv2DConfig.builder()
                    .kH(conv.kernel()).kW(conv.kernel())
                    .sH(conv.stride()).sW(conv.stride())
                    .pH(conv.paddingSize()).pW(conv.paddingSize())
                    .paddingMode(PaddingMode.VALID)
                    .dataFormat("NCHW")
                    .build();
            SDVariable out = conv.bias()
                    ? sd.cnn().conv2d(x, kernel, variable(TensorSpec.Role.BIAS, TensorLayout.TORCH), config)
                    : sd.cnn().conv2d(x, kernel, config);
            return activate(out, conv.activation());
        }

        @Override
        public SDVariable maxPool2d(MaxPool2d pool) {
            return sd.cnn().maxPooling2d(x, pooling(pool.size(), pool.stride()));
        }

        @Override
        public SDVariable avgPool2d(AvgPool2d pool) {
            return sd.cnn().avgPooling2d(x, pooling(pool.size(), pool.stride()));
        }

        @Override
        public SDVariable globalAvgPool(GlobalAvgPool pool) {
            return sd.mean(x, 2, 3);
        }

        @Override
        public SDVariable flatten(Flatten flatten) {
            return sd.reshape(x, -1, node.output().size());
        }

        @Override
        public SDVariable dense(Dense dense) {
            return activate(linear(null, dense.bias()), dense.activation());
        }

        @Override
        public SDVariable dropout(Dropout dropout) {
            return masked(dropout.rate(), exampleShape(node.output()));
        }

        /** The mask is [C, 1, 1] per image, broadcast over height and width. */
        @Override
        public SDVariable dropout2d(Dropout2d dropout) {
            return masked(dropout.rate(), dropout.maskShape(node.input()).stream().mapToLong(Integer::longValue).toArray());
        }

        /** x times a mask fed with each batch (inverted dropout); nothing at inference. */
        private SDVariable masked(double rate, long[] maskShape) {
            if (!training || rate == 0) {
                return x;
            }
            SameDiffGraph.DropoutMask mask = new SameDiffGraph.DropoutMask("dropout_mask." + node.path(), maskShape, 1 - rate);
            masks.add(mask);
            return x.mul(sd.placeHolder(mask.placeholder(), DataType.FLOAT, withBatch(mask.exampleShape())));
        }

        @Override
        public SDVariable batchNorm(BatchNorm norm) {
            boolean frozenNorm = node.ownTensors().stream().allMatch(t -> frozen.contains(t.name()));
            return training && !frozenNorm ? withBatchStatistics(norm) : withRunningEstimates(norm);
        }

        /**
         * Normalises with the batch's mean and biased variance, built from plain ops so that autodiff sees through the
         * statistics, and exposes both so the network can move the running estimates. As PyTorch's CPU kernel does, the
         * statistics are folded into one scale and shift per feature: two ops touch the full-size tensor (the moments,
         * then the scale and shift), and the statistics' gradients flow back through the small per-feature tensors.
         */
        private SDVariable withBatchStatistics(BatchNorm norm) {
            int[] reduced = node.input() instanceof ImageShape ? new int[] {0, 2, 3} : new int[] {0};
            // moments, not variance: SameDiff's gradient function copies a variance op without its biasCorrected=false.
            SDVariable[] moments = sd.math().moments(new String[] {"batch_mean." + node.path(), "batch_var." + node.path()}, x,
                    reduced, true);
            SDVariable mean = moments[0];
            SDVariable variance = moments[1];
            statistics.add(new SameDiffGraph.BatchStatistics(norm, mean.name(), variance.name(), BatchNorm.valuesPerImage(node.input()),
                    tensor(TensorSpec.Role.RUNNING_MEAN), tensor(TensorSpec.Role.RUNNING_VARIANCE)));
            SDVariable gamma = variable(TensorSpec.Role.SCALE, TensorLayout.TORCH);
            SDVariable beta = variable(TensorSpec.Role.SHIFT, TensorLayout.TORCH);
            SDVariable scale = sd.math().rsqrt(variance.add(norm.epsilon())).mul(sd.reshape(gamma, perFeatureShape()));
            SDVariable shift = sd.reshape(beta, perFeatureShape()).sub(mean.mul(scale));
            SDVariable normalised = scaledAndShifted(x, scale, shift);
            if (node.input() instanceof ImageShape) {
                imageBatchNorms.add(new OpProgram.ImageBatchNorm(x.name(), mean.name(), variance.name(), normalised.name()));
            }
            return normalised;
        }

        /** x * scale + shift with the running estimates folded in, as PyTorch evaluates a batch norm. */
        private SDVariable withRunningEstimates(BatchNorm norm) {
            float[] scale = weights.get(tensor(TensorSpec.Role.SCALE).name()).values();
            float[] shift = weights.get(tensor(TensorSpec.Role.SHIFT).name()).values();
            float[] mean = weights.get(tensor(TensorSpec.Role.RUNNING_MEAN).name()).values();
            float[] variance = weights.get(tensor(TensorSpec.Role.RUNNING_VARIANCE).name()).values();
            for (int c = 0; c < scale.length; c++) {
                scale[c] = (float) (scale[c] / Math.sqrt(variance[c] + norm.epsilon()));
                shift[c] -= mean[c] * scale[c];
            }
            return x.mul(sd.constant(Nd4j.create(scale, perFeatureShape(), 'c')))
                    .add(sd.constant(Nd4j.create(shift, perFeatureShape(), 'c')));
        }

        /** A batch norm's per-feature tensors, shaped to broadcast over its input: [1, C, 1, 1] or [F]. */
        private long[] perFeatureShape() {
            int features = BatchNorm.features(node.input());
            return node.input() instanceof ImageShape ? new long[] {1, features, 1, 1} : new long[] {features};
        }

        /**
         * x times a scale plus a shift, per feature. On images this is a depthwise 1x1 convolution with the shift as its
         * bias: a broadcast multiply computes the same values, but its gradient in libnd4j 1.0.0-M2.1 tiles the scale
         * element by element and took two thirds of each training step (profiled: 16 ms per call on a 32x32x26x26
         * batch); and a broadcast add's gradient copies the whole incoming gradient (10% of best-cpu's step with add).
         */
        private SDVariable scaledAndShifted(SDVariable x, SDVariable scale, SDVariable shift) {
            if (!(node.input() instanceof ImageShape image)) {
                return x.mul(scale).add(shift);
            }
            return sd.cnn().depthWiseConv2d(x, sd.reshape(scale, 1, 1, image.channels(), 1), sd.reshape(shift, image.channels()),
                    Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build());
        }

        /**
         * Each example normalised over all its values by its own mean and biased variance, then scaled and shifted per
         * value; plain ops, so autodiff sees through the statistics. The same in training and inference.
         */
        @Override
        public SDVariable layerNorm(LayerNorm norm) {
            int[] perExample = IntStream.rangeClosed(1, LayerNorm.normalizedShape(node.input()).size()).toArray();
            SDVariable centred = x.sub(sd.mean(x, true, perExample));
            SDVariable variance = sd.mean(centred.mul(centred), true, perExample);
            long[] withBatch = withBatch(exampleShape(node.input()));
            withBatch[0] = 1;
            SDVariable scale = sd.reshape(variable(TensorSpec.Role.SCALE, TensorLayout.TORCH), withBatch);
            SDVariable shift = sd.reshape(variable(TensorSpec.Role.SHIFT, TensorLayout.TORCH), withBatch);
            return centred.mul(sd.math().rsqrt(variance.add(norm.epsilon()))).mul(scale).add(shift);
        }

        @Override
        public SDVariable activation(ActivationLayer layer) {
            return activate(x, layer.activation());
        }

        @Override
        public SDVariable residual(Residual residual) {
            SDVariable body = sequence(residual.body(node.path(), node.input()), x);
            SDVariable shortcut = sequence(residual.shortcut(node.path(), node.input()), x);
            return activate(body.add(shortcut), residual.activation());
        }

        @Override
        public SDVariable softmax(SoftmaxOutput output) {
            return sd.nn().softmax(SameDiffGraph.PROBABILITIES, linear(SameDiffGraph.LOGITS, true), 1);
        }

        /** x W^T (+ b) with W held as [out, in], as torch.nn.Linear does. */
        private SDVariable linear(String name, boolean bias) {
            SDVariable product = sd.mmul(x, variable(TensorSpec.Role.WEIGHT, TensorLayout.TORCH), false, true, false);
            if (!bias) {
                return name == null ? product : sd.identity(name, product);
            }
            SDVariable b = variable(TensorSpec.Role.BIAS, TensorLayout.TORCH);
            return name == null ? product.add(b) : product.add(name, b);
        }

        private TensorSpec tensor(TensorSpec.Role role) {
            return node.ownTensors().stream().filter(t -> t.role() == role).findFirst()
                    .orElseThrow(() -> new IllegalStateException(node.layer().type() + " at " + node.path() + " declares no " + role));
        }

        /**
         * The declared tensor of this role as a trainable graph variable, starting from the given weights; a frozen
         * one is a constant, which no gradient, update or decay reaches.
         */
        private SDVariable variable(TensorSpec.Role role, TensorLayout layout) {
            TensorSpec spec = tensor(role);
            if (frozen.contains(spec.name())) {
                return sd.constant(spec.name(), layout.toEngine(weights.get(spec.name())));
            }
            trainables.add(new SameDiffGraph.Trainable(spec, layout));
            return sd.var(spec.name(), layout.toEngine(weights.get(spec.name())));
        }
    }

    private SDVariable activate(SDVariable x, Activation activation) {
        return switch (activation) {
            case RELU -> sd.nn().relu(x, 0);
            case LEAKY_RELU -> sd.nn().leakyRelu(x, Activation.LEAKY_SLOPE);
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
