package dev.tailor.backend.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Dropout2d;
import dev.tailor.domain.model.layer.Flatten;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerNorm;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Normalize;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spec and its weights as an ONNX model in inference form: batch norms on their running estimates, dropout gone,
 * residuals as adds, the softmax applied. Input {@code image}, float32 [N, C, H, W] with N dynamic, holding pixels as
 * Tailor's preprocessing leaves them; output {@code probabilities}, float32 [N, classes]. Tensors keep Tailor's (that
 * is, PyTorch's) names and layouts, which are ONNX's too.
 *
 * <p>An exported model is written whole, as Tailor predicts with it ({@link NetworkAverage}): a network with flip
 * test-time augmentation runs on the image and on its mirror (one left-right {@code Slice}, the same initializers) and
 * the two are averaged; an ensemble's networks each run, their tensors' names prefixed {@code m1.}, {@code m2.}..., and
 * are averaged in turn. A single network without augmentation is the plain graph above.
 *
 * <p>Opset 17, IR version 8: LayerNormalization needs 17, and it is the newest Debian's onnx checker (1.12) knows;
 * ONNX Runtime has run it since 1.14.
 */
final class OnnxGraph {
    static final int OPSET = 17;
    static final long IR_VERSION = 8;
    static final String INPUT = "image";
    static final String OUTPUT = "probabilities";
    private static final String MIRRORED = "image.mirrored";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> initializers = new HashSet<>();
    private final List<String> layerOutputs = new ArrayList<>();

    private OnnxGraph() {
    }

    /** One network as Tailor serves it on ONNX Runtime: the plain graph (any augmentation is applied around it). */
    static ModelProto model(ModelSpec spec, Weights weights) {
        return model(NetworkAverage.of(spec, weights, TestTimeAugmentation.NONE), "", Map.of());
    }

    /** The model, with {@code metadata} as its metadata properties. */
    static ModelProto model(NetworkAverage model, String producerVersion, Map<String, String> metadata) {
        OnnxGraph onnx = new OnnxGraph();
        onnx.average(model);
        String name = model.networks().size() == 1 ? model.networks().get(0).spec().name() : "ensemble";
        return onnx.build(name, model.input(), model.classes(), producerVersion, metadata);
    }

    /**
     * The same model with every top-level layer's output as a graph output too, to ask the runtime for their shapes,
     * and the names of those values, layer by layer (a dropout's is its input's).
     */
    record Exposed(ModelProto model, List<String> layerOutputs) {
    }

    static Exposed withLayerOutputs(ModelSpec spec, Weights weights) {
        OnnxGraph onnx = new OnnxGraph();
        onnx.new Network(weights.orderedFor(spec), "", "", OUTPUT).apply(spec, INPUT, onnx.layerOutputs);
        for (String output : new LinkedHashSet<>(onnx.layerOutputs.subList(0, onnx.layerOutputs.size() - 1))) {
            onnx.graph.addOutput(ValueInfoProto.newBuilder().setName(output)
                    .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        }
        return new Exposed(onnx.build(spec.name(), spec.input(), spec.classes(), "", Map.of()), List.copyOf(onnx.layerOutputs));
    }

    /** Every network's views, averaged into {@link #OUTPUT}; a single plain network writes it directly. */
    private void average(NetworkAverage model) {
        List<NetworkAverage.Network> networks = model.networks();
        List<String> means = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            NetworkAverage.Network network = networks.get(i);
            String member = networks.size() == 1 ? "" : "m" + (i + 1) + ".";
            String output = networks.size() == 1 ? OUTPUT : member + OUTPUT;
            Weights weights = network.weights().orderedFor(network.spec());
            switch (network.tta()) {
                case NONE -> new Network(weights, member, member, output).apply(network.spec(), INPUT, new ArrayList<>());
                case FLIP -> {
                    String plain = new Network(weights, member, member, output + ".plain")
                            .apply(network.spec(), INPUT, new ArrayList<>());
                    String mirrored = new Network(weights, member + "mirrored.", member, output + ".mirrored")
                            .apply(network.spec(), mirrored(), new ArrayList<>());
                    mean(List.of(plain, mirrored), output);
                }
            }
            means.add(output);
        }
        if (networks.size() > 1) {
            mean(means, OUTPUT);
        }
    }

    private void mean(List<String> values, String output) {
        graph.addNode(NodeProto.newBuilder().setOpType("Mean").setName(output).addAllInput(values).addOutput(output));
    }

    /** The input mirrored left to right (the width axis read backwards), made once for every network that needs it. */
    private String mirrored() {
        if (!initializers.contains(MIRRORED + ".starts")) {
            graph.addNode(NodeProto.newBuilder().setOpType("Slice").setName(MIRRORED).addOutput(MIRRORED).addInput(INPUT)
                    .addInput(longs(MIRRORED + ".starts", -1)).addInput(longs(MIRRORED + ".ends", -Long.MAX_VALUE))
                    .addInput(longs(MIRRORED + ".axes", 3)).addInput(longs(MIRRORED + ".steps", -1)));
        }
        return MIRRORED;
    }

    private ModelProto build(String name, ImageShape in, int classes, String producerVersion, Map<String, String> metadata) {
        graph.setName(name).addInput(value(INPUT, List.of(in.channels(), in.height(), in.width())))
                .addOutput(0, value(OUTPUT, List.of(classes)));
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Tailor")
                .setProducerVersion(producerVersion).setModelVersion(1).setDocString("A Tailor model: " + name)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** A float32 value of shape [N, dims...], N named, not fixed. */
    private static ValueInfoProto value(String name, List<Integer> dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        dims.forEach(d -> shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d)));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /**
     * One copy of a network's nodes. Its values are named {@code scope} + layer path (one scope per copy), its
     * initializers {@code member} + Tailor's tensor name (the copies of one network share them), its probabilities
     * {@code output}.
     */
    private final class Network {
        private final Weights weights;
        private final String scope;
        private final String member;
        private final String output;

        Network(Weights weights, String scope, String member, String output) {
            this.weights = weights;
            this.scope = scope;
            this.member = member;
            this.output = output;
        }

        /** The network applied to {@code x}; each top-level layer's value listed in {@code layerValues}. */
        String apply(ModelSpec spec, String x, List<String> layerValues) {
            for (LayerNode node : spec.nodes()) {
                x = map(node, x);
                layerValues.add(x);
            }
            return x;
        }

        private String map(LayerNode node, String x) {
            return node.layer().accept(new NodeMapping(node, x));
        }

        private String sequence(List<LayerNode> nodes, String x) {
            for (LayerNode node : nodes) {
                x = map(node, x);
            }
            return x;
        }

        /** One layer node applied to the value {@code x}; returns the name of the value it produces. */
        private final class NodeMapping implements Layer.Visitor<String> {
            private final LayerNode node;
            private final String x;

            NodeMapping(LayerNode node, String x) {
                this.node = node;
                this.x = x;
            }

            @Override
            public String normalize(Normalize normalize) {
                int channels = normalize.mean().size();
                String mean = constant(member + node.path() + ".mean", List.of(1, channels, 1, 1), floats(normalize.mean()));
                String std = constant(member + node.path() + ".std", List.of(1, channels, 1, 1), floats(normalize.std()));
                return op("Div", List.of(op("Sub", List.of(x, mean), "centred"), std), "out");
            }

            @Override
            public String conv2d(Conv2d conv) {
                List<String> inputs = new ArrayList<>(List.of(x, tensor(TensorSpec.Role.WEIGHT)));
                if (conv.bias()) {
                    inputs.add(tensor(TensorSpec.Role.BIAS));
                }
                int pad = conv.paddingSize();
                NodeProto.Builder n = node("Conv", inputs, "conv");
                n.addAttribute(ints("kernel_shape", conv.kernel(), conv.kernel())).addAttribute(ints("strides", conv.stride(), conv.stride()))
                        .addAttribute(ints("pads", pad, pad, pad, pad));
                return activate(add(n), conv.activation());
            }

            @Override
            public String maxPool2d(MaxPool2d pool) {
                return add(node("MaxPool", List.of(x), "pool").addAttribute(ints("kernel_shape", pool.size(), pool.size()))
                        .addAttribute(ints("strides", pool.stride(), pool.stride())));
            }

            @Override
            public String avgPool2d(AvgPool2d pool) {
                return add(node("AveragePool", List.of(x), "pool").addAttribute(ints("kernel_shape", pool.size(), pool.size()))
                        .addAttribute(ints("strides", pool.stride(), pool.stride())));
            }

            @Override
            public String globalAvgPool(GlobalAvgPool pool) {
                String pooled = op("GlobalAveragePool", List.of(x), "pool");
                return add(node("Flatten", List.of(pooled), "out").addAttribute(integer("axis", 1)));
            }

            @Override
            public String flatten(Flatten flatten) {
                return add(node("Flatten", List.of(x), "out").addAttribute(integer("axis", 1)));
            }

            @Override
            public String dense(Dense dense) {
                return activate(gemm(dense.bias(), "dense"), dense.activation());
            }

            @Override
            public String dropout(Dropout dropout) {
                return x;
            }

            @Override
            public String dropout2d(Dropout2d dropout) {
                return x;
            }

            @Override
            public String batchNorm(BatchNorm norm) {
                return add(node("BatchNormalization", List.of(x, tensor(TensorSpec.Role.SCALE), tensor(TensorSpec.Role.SHIFT),
                        tensor(TensorSpec.Role.RUNNING_MEAN), tensor(TensorSpec.Role.RUNNING_VARIANCE)), "norm")
                        .addAttribute(real("epsilon", (float) norm.epsilon())));
            }

            @Override
            public String layerNorm(LayerNorm norm) {
                return add(node("LayerNormalization", List.of(x, tensor(TensorSpec.Role.SCALE), tensor(TensorSpec.Role.SHIFT)), "norm")
                        .addAttribute(integer("axis", 1)).addAttribute(real("epsilon", (float) norm.epsilon())));
            }

            @Override
            public String activation(ActivationLayer layer) {
                return activate(x, layer.activation());
            }

            @Override
            public String residual(Residual residual) {
                String body = sequence(residual.body(node.path(), node.input()), x);
                List<LayerNode> shortcutNodes = residual.shortcut(node.path(), node.input());
                String shortcut = shortcutNodes.isEmpty() ? x : sequence(shortcutNodes, x);
                return activate(op("Add", List.of(body, shortcut), "sum"), residual.activation());
            }

            @Override
            public String softmax(SoftmaxOutput softmax) {
                String logits = gemm(true, "logits");
                graph.addNode(NodeProto.newBuilder().setOpType("Softmax").setName(scope + node.path() + ".softmax").addInput(logits)
                        .addOutput(output).addAttribute(integer("axis", 1)));
                return output;
            }

            /** x W^T (+ b), W held as [out, in], as torch.nn.Linear holds it. */
            private String gemm(boolean bias, String suffix) {
                List<String> inputs = new ArrayList<>(List.of(x, tensor(TensorSpec.Role.WEIGHT)));
                if (bias) {
                    inputs.add(tensor(TensorSpec.Role.BIAS));
                }
                return add(node("Gemm", inputs, suffix).addAttribute(integer("transB", 1)));
            }

            private String activate(String value, Activation activation) {
                return switch (activation) {
                    case RELU -> op("Relu", List.of(value), "relu");
                    case LEAKY_RELU -> add(node("LeakyRelu", List.of(value), "leaky").addAttribute(real("alpha", (float) Activation.LEAKY_SLOPE)));
                    case TANH -> op("Tanh", List.of(value), "tanh");
                    case SIGMOID -> op("Sigmoid", List.of(value), "sigmoid");
                    case LINEAR -> value;
                };
            }

            /** The declared tensor of this role, as an initializer named as Tailor names it. */
            private String tensor(TensorSpec.Role role) {
                TensorSpec spec = node.ownTensors().stream().filter(t -> t.role() == role).findFirst()
                        .orElseThrow(() -> new IllegalStateException(node.layer().type() + " at " + node.path() + " declares no " + role));
                Tensor t = weights.get(spec.name());
                return constant(member + spec.name(), t.shape(), t.values());
            }

            private String op(String type, List<String> inputs, String suffix) {
                return add(node(type, inputs, suffix));
            }

            private NodeProto.Builder node(String type, List<String> inputs, String suffix) {
                String name = scope + node.path() + "." + suffix;
                return NodeProto.newBuilder().setOpType(type).setName(name).addAllInput(inputs).addOutput(name);
            }

            private String add(NodeProto.Builder n) {
                graph.addNode(n);
                return n.getOutput(0);
            }
        }
    }

    /** A float32 initializer, its values as little-endian raw data; added once, however many copies read it. */
    private String constant(String name, List<Integer> shape, float[] values) {
        if (!initializers.add(name)) {
            return name;
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        shape.forEach(tensor::addDims);
        graph.addInitializer(tensor);
        return name;
    }

    /** A one-dimensional int64 initializer. */
    private String longs(String name, long... values) {
        initializers.add(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        graph.addInitializer(tensor);
        return name;
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static AttributeProto.Builder ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute;
    }

    private static AttributeProto.Builder integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value);
    }

    private static AttributeProto.Builder real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value);
    }
}
