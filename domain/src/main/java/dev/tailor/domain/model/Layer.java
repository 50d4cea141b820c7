package dev.tailor.domain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a {@link ModelSpec}, in Tailor's own engine-neutral vocabulary. Each layer knows the shape it produces,
 * the modules it occupies in PyTorch's {@code nn.Sequential} and the tensors it holds, so a spec can be checked,
 * summarised and initialised before any engine is involved.
 *
 * <p>Engines and file formats map layers through {@link Visitor}: adding a layer record makes the compiler list
 * every mapping that must handle it.
 */
public sealed interface Layer permits Layer.Conv2d, Layer.MaxPool2d, Layer.AvgPool2d, Layer.GlobalAvgPool, Layer.Flatten,
        Layer.Dense, Layer.Dropout, Layer.BatchNorm, Layer.ActivationLayer, Layer.Residual, Layer.SoftmaxOutput {

    /** The layer's type name, as written in config files. */
    String type();

    /** Keras-style class name, used in the summary table. */
    String displayType();

    /** The shape this layer produces from {@code input}; throws {@link InvalidSpecException} if it cannot apply. */
    FeatureShape outputShape(FeatureShape input);

    <R> R accept(Visitor<R> visitor);

    /** How far one output step moves over the input grid: a convolution's or pool's stride, 1 for other layers. */
    default int stride() {
        return 1;
    }

    /** Modules this layer occupies in an {@code nn.Sequential}, where an activation is a module of its own. */
    default int moduleCount() {
        return 1;
    }

    /** The tensors this layer itself holds, named under its module path (e.g. {@code 3} or {@code 5.body.0}). */
    default List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of();
    }

    /** Layers nested in this one, placed under its module path; their tensors are part of this layer's. */
    default List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    /** One method per layer type: an engine's or a file format's mapping of every layer. */
    interface Visitor<R> {
        R conv2d(Conv2d layer);

        R maxPool2d(MaxPool2d layer);

        R avgPool2d(AvgPool2d layer);

        R globalAvgPool(GlobalAvgPool layer);

        R flatten(Flatten layer);

        R dense(Dense layer);

        R dropout(Dropout layer);

        R batchNorm(BatchNorm layer);

        R activation(ActivationLayer layer);

        R residual(Residual layer);

        R softmax(SoftmaxOutput layer);
    }

    /** 2-D convolution with square kernels; weights [filters, inChannels, kernel, kernel], plus a bias per filter unless turned off. */
    record Conv2d(int filters, int kernel, int stride, Padding padding, Activation activation, boolean bias) implements Layer {
        public Conv2d {
            requirePositive("filters", filters);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            if (padding.rule() == Padding.Rule.SAME && (stride != 1 || kernel % 2 == 0)) {
                // Only then is the padding symmetric, and identical in every engine and in PyTorch.
                throw new InvalidSpecException("conv2d with padding 'same' needs stride 1 and an odd kernel, got kernel "
                        + kernel + " and stride " + stride + " (give the padding as a number of zeros instead)");
            }
            if (padding.size(kernel) >= kernel) {
                throw new InvalidSpecException("padding " + padding.size(kernel) + " must be smaller than the kernel ("
                        + kernel + "): border outputs would see nothing but the added zeros");
            }
        }

        public Conv2d(int filters, int kernel, int stride, Padding padding, Activation activation) {
            this(filters, kernel, stride, padding, activation, true);
        }

        /** Keras' defaults: stride 1, valid padding, a bias. */
        public Conv2d(int filters, int kernel, Activation activation) {
            this(filters, kernel, 1, Padding.VALID, activation, true);
        }

        /** Zeros added on each side. */
        public int paddingSize() {
            return padding.size(kernel);
        }

        @Override
        public String type() {
            return "conv2d";
        }

        @Override
        public String displayType() {
            return "Conv2D";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv2d(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            ImageShape in = requireImage(input, this);
            int pad = paddingSize();
            if (kernel > in.height() + 2 * pad || kernel > in.width() + 2 * pad) {
                throw new InvalidSpecException("conv2d kernel " + kernel + "x" + kernel
                        + " is larger than its input " + in.height() + "x" + in.width());
            }
            return new ImageShape(filters,
                    (in.height() + 2 * pad - kernel) / stride + 1,
                    (in.width() + 2 * pad - kernel) / stride + 1);
        }

        @Override
        public int moduleCount() {
            return activation == Activation.LINEAR ? 1 : 2;
        }

        @Override
        public List<TensorSpec> tensors(String module, FeatureShape input) {
            TensorSpec weight = TensorSpec.of(module, TensorSpec.Role.WEIGHT,
                    List.of(filters, requireImage(input, this).channels(), kernel, kernel));
            return bias ? List.of(weight, TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(filters))) : List.of(weight);
        }
    }

    /** Max pooling over square windows; Keras' default stride is the window size. */
    record MaxPool2d(int size, int stride) implements Layer {
        public MaxPool2d {
            requirePositive("size", size);
            requirePositive("stride", stride);
        }

        public MaxPool2d(int size) {
            this(size, size);
        }

        @Override
        public String type() {
            return "maxPool2d";
        }

        @Override
        public String displayType() {
            return "MaxPooling2D";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.maxPool2d(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return pooled(requireImage(input, this), size, stride, type());
        }
    }

    /** Mean over square windows (no padding); the stride defaults to the window size. */
    record AvgPool2d(int size, int stride) implements Layer {
        public AvgPool2d {
            requirePositive("size", size);
            requirePositive("stride", stride);
        }

        public AvgPool2d(int size) {
            this(size, size);
        }

        @Override
        public String type() {
            return "avgPool2d";
        }

        @Override
        public String displayType() {
            return "AveragePooling2D";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.avgPool2d(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return pooled(requireImage(input, this), size, stride, type());
        }
    }

    /** The mean of each channel over height and width: [C, H, W] to [C]. */
    record GlobalAvgPool() implements Layer {
        @Override
        public String type() {
            return "globalAvgPool";
        }

        @Override
        public String displayType() {
            return "GlobalAveragePooling2D";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.globalAvgPool(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return new FlatShape(requireImage(input, this).channels());
        }
    }

    /** Channels x height x width to one vector, in (c, h, w) order as PyTorch's {@code flatten(x, 1)}. */
    record Flatten() implements Layer {
        @Override
        public String type() {
            return "flatten";
        }

        @Override
        public String displayType() {
            return "Flatten";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.flatten(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return new FlatShape(requireImage(input, this).size());
        }
    }

    /** Fully connected layer; weights [units, inputs], plus a bias per unit unless turned off. */
    record Dense(int units, Activation activation, boolean bias) implements Layer {
        public Dense {
            requirePositive("units", units);
        }

        public Dense(int units, Activation activation) {
            this(units, activation, true);
        }

        @Override
        public String type() {
            return "dense";
        }

        @Override
        public String displayType() {
            return "Dense";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dense(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            requireFlat(input, this);
            return new FlatShape(units);
        }

        @Override
        public int moduleCount() {
            return activation == Activation.LINEAR ? 1 : 2;
        }

        @Override
        public List<TensorSpec> tensors(String module, FeatureShape input) {
            TensorSpec weight = TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(units, requireFlat(input, this).size()));
            return bias ? List.of(weight, TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(units))) : List.of(weight);
        }
    }

    /** Drops each value with probability {@code rate} while training (inverted dropout); the identity at inference. */
    record Dropout(double rate) implements Layer {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new InvalidSpecException("dropout rate is the probability of dropping and must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String type() {
            return "dropout";
        }

        @Override
        public String displayType() {
            return "Dropout";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dropout(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return input;
        }
    }

    /**
     * Batch normalisation per channel of an image or per unit of a vector, with PyTorch's conventions: training
     * normalises with the batch's mean and biased variance and moves the running estimates towards the batch's mean
     * and unbiased variance by {@code momentum} (the weight of the new value); evaluation uses the running estimates.
     */
    record BatchNorm(double momentum, double epsilon) implements Layer {
        public static final double DEFAULT_MOMENTUM = 0.1;
        public static final double DEFAULT_EPSILON = 1e-5;

        public BatchNorm {
            if (!(momentum > 0 && momentum <= 1)) {
                throw new InvalidSpecException("momentum is the weight of each new batch's statistics and must be in (0, 1], got "
                        + momentum);
            }
            if (!(epsilon > 0 && epsilon < 1)) {
                throw new InvalidSpecException("epsilon must be a small positive number, got " + epsilon);
            }
        }

        /** PyTorch's defaults: momentum 0.1, epsilon 1e-5. */
        public BatchNorm() {
            this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
        }

        /** Channels of an image, units of a vector: what is normalised separately. */
        public static int features(FeatureShape input) {
            return input instanceof ImageShape image ? image.channels() : input.size();
        }

        @Override
        public String type() {
            return "batchNorm";
        }

        @Override
        public String displayType() {
            return "BatchNormalization";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.batchNorm(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return input;
        }

        @Override
        public List<TensorSpec> tensors(String module, FeatureShape input) {
            List<Integer> perFeature = List.of(features(input));
            return List.of(
                    TensorSpec.of(module, TensorSpec.Role.SCALE, perFeature),
                    TensorSpec.of(module, TensorSpec.Role.SHIFT, perFeature),
                    TensorSpec.of(module, TensorSpec.Role.RUNNING_MEAN, perFeature),
                    TensorSpec.of(module, TensorSpec.Role.RUNNING_VARIANCE, perFeature),
                    TensorSpec.of(module, TensorSpec.Role.BATCH_COUNTER, List.of()));
        }
    }

    /** An activation as a layer of its own, e.g. after a batch norm. */
    record ActivationLayer(Activation activation) implements Layer {
        public ActivationLayer {
            if (activation == Activation.LINEAR) {
                throw new InvalidSpecException("an activation layer needs a non-linear activation (one of: relu, leakyRelu, tanh, "
                        + "sigmoid); linear would do nothing");
            }
        }

        @Override
        public String type() {
            return "activation";
        }

        @Override
        public String displayType() {
            return "Activation";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.activation(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            return input;
        }
    }

    /**
     * {@code activation(body(x) + shortcut(x))}. The shortcut is the identity when the body keeps the shape, otherwise
     * a 1x1 convolution without bias, with the body's total stride, followed by a batch norm with default settings.
     */
    record Residual(List<Layer> layers, Activation activation) implements Layer {
        public Residual {
            layers = List.copyOf(layers);
            if (layers.isEmpty()) {
                throw new InvalidSpecException("a residual needs at least one layer in its body");
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof SoftmaxOutput) {
                    throw new InvalidSpecException("the softmax output must be the model's last layer, not inside a residual")
                            .inLayer(i, layers.get(i).type());
                }
            }
            if (activation == null) {
                throw new InvalidSpecException("a residual needs an activation after the sum (linear for none)");
            }
        }

        /** ReLU after the sum, as in ResNet. */
        public Residual(List<Layer> layers) {
            this(layers, Activation.RELU);
        }

        @Override
        public String type() {
            return "residual";
        }

        @Override
        public String displayType() {
            return "Residual";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.residual(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            FeatureShape out = bodyOutput(input);
            shortcutLayers(input);
            return out;
        }

        @Override
        public int stride() {
            int total = 1;
            for (Layer layer : layers) {
                total *= layer.stride();
            }
            return total;
        }

        /** The body's layers, numbered {@code module.body.0}, {@code module.body.1}... as a Sequential of their own. */
        public List<LayerNode> body(String module, FeatureShape input) {
            return LayerNode.sequence(module + ".body.", layers, input);
        }

        /** The shortcut's layers, {@code module.shortcut.0} and {@code .1}; none when the shortcut is the identity. */
        public List<LayerNode> shortcut(String module, FeatureShape input) {
            return LayerNode.sequence(module + ".shortcut.", shortcutLayers(input), input);
        }

        @Override
        public List<LayerNode> children(String module, FeatureShape input) {
            List<LayerNode> nodes = new ArrayList<>(body(module, input));
            nodes.addAll(shortcut(module, input));
            return List.copyOf(nodes);
        }

        private FeatureShape bodyOutput(FeatureShape input) {
            List<LayerNode> body = LayerNode.sequence("", layers, input);
            return body.get(body.size() - 1).output();
        }

        private List<Layer> shortcutLayers(FeatureShape input) {
            FeatureShape out = bodyOutput(input);
            if (out.equals(input)) {
                return List.of();
            }
            if (!(input instanceof ImageShape in) || !(out instanceof ImageShape image)) {
                throw new InvalidSpecException("the body turns " + input + " into " + out + ", which no shortcut can match: "
                        + "a 1x1 convolution shortcut maps images to images");
            }
            int s = stride();
            int height = (in.height() - 1) / s + 1;
            int width = (in.width() - 1) / s + 1;
            if (height != image.height() || width != image.width()) {
                throw new InvalidSpecException("the body turns " + in + " into " + image + " but a 1x1 shortcut with the body's stride "
                        + s + " gives " + image.channels() + "x" + height + "x" + width
                        + "; pad the body's convolutions to keep the size (e.g. padding 1 for 3x3 kernels)");
            }
            return List.of(new Conv2d(image.channels(), 1, s, Padding.VALID, Activation.LINEAR, false), new BatchNorm());
        }
    }

    /** The classifier head: a dense layer with one unit per class, then softmax. Always the last layer. */
    record SoftmaxOutput(int classes) implements Layer {
        public SoftmaxOutput {
            if (classes < 2) {
                throw new InvalidSpecException("softmax output needs at least 2 classes, got " + classes);
            }
        }

        @Override
        public String type() {
            return "softmax";
        }

        @Override
        public String displayType() {
            return "Dense";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmax(this);
        }

        @Override
        public FeatureShape outputShape(FeatureShape input) {
            requireFlat(input, this);
            return new FlatShape(classes);
        }

        /** The linear map, then the softmax as a module of its own. */
        @Override
        public int moduleCount() {
            return 2;
        }

        @Override
        public List<TensorSpec> tensors(String module, FeatureShape input) {
            return List.of(
                    TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(classes, requireFlat(input, this).size())),
                    TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(classes)));
        }
    }

    private static ImageShape pooled(ImageShape in, int size, int stride, String type) {
        if (size > in.height() || size > in.width()) {
            throw new InvalidSpecException(type + " window " + size + "x" + size + " is larger than its input "
                    + in.height() + "x" + in.width());
        }
        return new ImageShape(in.channels(), (in.height() - size) / stride + 1, (in.width() - size) / stride + 1);
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new InvalidSpecException(field + " must be at least 1, got " + value);
        }
    }

    private static ImageShape requireImage(FeatureShape input, Layer layer) {
        if (input instanceof ImageShape image) {
            return image;
        }
        throw new InvalidSpecException(layer.type() + " needs a channels x height x width input, got a flat vector of "
                + input.size() + " (put it before the flatten layer)");
    }

    private static FlatShape requireFlat(FeatureShape input, Layer layer) {
        if (input instanceof FlatShape flat) {
            return flat;
        }
        throw new InvalidSpecException(layer.type() + " needs a flat input, got " + input
                + " (add a flatten or globalAvgPool layer before it)");
    }
}
