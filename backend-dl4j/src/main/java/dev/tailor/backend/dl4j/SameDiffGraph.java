package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.LayerSummary;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.ParameterSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link ModelSpec} as a SameDiff graph. Variables carry the spec's PyTorch names; dense weights keep PyTorch's
 * [out, in] layout, while convolution weights are held as SameDiff's [kH, kW, in, out] (its backward convolution
 * rejects the OIYX layout in 1.0.0-M2.1) and permuted on the way in and out.
 * The training graph takes one dropout mask placeholder per dropout layer: SameDiff's own dropout op has no
 * gradient, and masks drawn in Java keep runs reproducible. The inference graph has no dropout at all.
 */
final class SameDiffGraph {
    static final String INPUT = "input";
    static final String LABELS = "labels";
    static final String LOGITS = "logits";
    static final String PROBABILITIES = "probabilities";
    static final String LOSS = "loss";

    /** A dropout layer's mask placeholder: per-example shape and the probability of keeping a value. */
    record DropoutMask(String placeholder, long[] exampleShape, double keep) {
    }

    private final SameDiff sameDiff;
    private final List<DropoutMask> masks;
    private final List<ParameterSpec> parameters;
    private final List<String> layerOutputs;

    private SameDiffGraph(SameDiff sameDiff, List<DropoutMask> masks, List<ParameterSpec> parameters, List<String> layerOutputs) {
        this.sameDiff = sameDiff;
        this.masks = List.copyOf(masks);
        this.parameters = parameters;
        this.layerOutputs = List.copyOf(layerOutputs);
    }

    static SameDiffGraph forTraining(ModelSpec spec, Weights weights) {
        return build(spec, weights, true);
    }

    static SameDiffGraph forInference(ModelSpec spec, Weights weights) {
        return build(spec, weights, false);
    }

    private static SameDiffGraph build(ModelSpec spec, Weights weights, boolean training) {
        weights.requireFits(spec);
        SameDiff sd = SameDiff.create();
        ImageShape in = spec.input();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, in.channels(), in.height(), in.width());
        Map<Integer, List<ParameterSpec>> paramsByLayer = spec.parameters().stream()
                .collect(Collectors.groupingBy(ParameterSpec::layerIndex));
        List<DropoutMask> masks = new ArrayList<>();
        List<String> layerOutputs = new ArrayList<>();
        List<LayerSummary> rows = spec.layerSummaries();
        for (int i = 0; i < rows.size(); i++) {
            Layer layer = rows.get(i).layer();
            List<SDVariable> params = paramsByLayer.getOrDefault(i, List.of()).stream()
                    .map(p -> sd.var(p.name(), toEngine(p, weights.get(p.name()))))
                    .toList();
            if (layer instanceof Layer.Conv2d conv) {
                x = activate(sd, sd.cnn().conv2d(x, params.get(0), params.get(1), convConfig(conv)), conv.activation());
            } else if (layer instanceof Layer.MaxPool2d pool) {
                x = sd.cnn().maxPooling2d(x, poolConfig(pool));
            } else if (layer instanceof Layer.Flatten) {
                x = sd.reshape(x, -1, rows.get(i).outputShape().size());
            } else if (layer instanceof Layer.Dense dense) {
                x = activate(sd, linear(sd, null, x, params), dense.activation());
            } else if (layer instanceof Layer.Dropout dropout) {
                if (training && dropout.rate() > 0) {
                    DropoutMask mask = new DropoutMask("dropout" + i, exampleShape(rows.get(i).outputShape()), 1 - dropout.rate());
                    masks.add(mask);
                    x = x.mul(sd.placeHolder(mask.placeholder(), DataType.FLOAT, withBatch(mask.exampleShape())));
                }
            } else if (layer instanceof Layer.SoftmaxOutput) {
                SDVariable logits = linear(sd, LOGITS, x, params);
                x = sd.nn().softmax(PROBABILITIES, logits, 1);
                if (training) {
                    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, spec.classes());
                    sd.loss().softmaxCrossEntropy(LOSS, labels, logits, null);
                    sd.setLossVariables(LOSS);
                }
            }
            layerOutputs.add(x.name());
        }
        return new SameDiffGraph(sd, masks, spec.parameters(), layerOutputs);
    }

    private static boolean isConvWeight(ParameterSpec p) {
        return p.shape().size() == 4;
    }

    /** PyTorch layout to the engine's: [out, in, kH, kW] becomes [kH, kW, in, out]. */
    private static INDArray toEngine(ParameterSpec p, Tensor t) {
        INDArray array = Nd4j.create(t.values(), p.dims(), 'c');
        return isConvWeight(p) ? array.permute(2, 3, 1, 0).dup('c') : array;
    }

    private static Tensor fromEngine(ParameterSpec p, INDArray array) {
        INDArray torchLayout = isConvWeight(p) ? array.permute(3, 2, 0, 1) : array;
        return new Tensor(p.shape(), torchLayout.dup('c').data().asFloat());
    }

    /** x W^T + b with W held as [out, in], as torch.nn.Linear does. */
    private static SDVariable linear(SameDiff sd, String name, SDVariable x, List<SDVariable> params) {
        SDVariable product = sd.mmul(x, params.get(0), false, true, false);
        return name == null ? product.add(params.get(1)) : product.add(name, params.get(1));
    }

    private static SDVariable activate(SameDiff sd, SDVariable x, Activation activation) {
        return switch (activation) {
            case RELU -> sd.nn().relu(x, 0);
            case TANH -> sd.math().tanh(x);
            case SIGMOID -> sd.nn().sigmoid(x);
            case LINEAR -> x;
        };
    }

    private static Conv2DConfig convConfig(Layer.Conv2d conv) {
        // Explicit symmetric padding in VALID mode is PyTorch's convention and covers both of our padding modes.
        return Conv2DConfig.builder()
                .kH(conv.kernel()).kW(conv.kernel())
                .sH(conv.stride()).sW(conv.stride())
                .pH(conv.paddingSize()).pW(conv.paddingSize())
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .build();
    }

    private static Pooling2DConfig poolConfig(Layer.MaxPool2d pool) {
        return Pooling2DConfig.builder()
                .kH(pool.size()).kW(pool.size())
                .sH(pool.stride()).sW(pool.stride())
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

    SameDiff sameDiff() {
        return sameDiff;
    }

    List<DropoutMask> masks() {
        return masks;
    }

    /** The variable holding each layer's output, in layer order. */
    List<String> layerOutputs() {
        return layerOutputs;
    }

    /** The graph's current weights, copied out of the engine. */
    Weights weights() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec p : parameters) {
            tensors.put(p.name(), fromEngine(p, sameDiff.getVariable(p.name()).getArr()));
        }
        return new Weights(tensors);
    }
}
