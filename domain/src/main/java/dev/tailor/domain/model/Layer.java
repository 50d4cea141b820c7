package dev.tailor.domain.model;

import java.util.List;

/**
 * One step of a {@link ModelSpec}, in Tailor's own engine-neutral vocabulary. Each layer knows the shape it produces,
 * the modules it occupies in PyTorch's {@code nn.Sequential} and the tensors it holds, so a spec can be checked,
 * summarised and initialised before any engine is involved.
 *
 * <p>Engines and file formats map layers through {@link Visitor}: adding a layer record makes the compiler list
 * every mapping that must handle it.
 */
public sealed interface Layer
        permits Layer.Conv2d, Layer.MaxPool2d, Layer.Flatten, Layer.Dense, Layer.Dropout, Layer.SoftmaxOutput {

    /** The layer's type name, as written in config files. */
    String type();

    /** Keras-style class name, used in the summary table. */
    String displayType();

    /** The shape this layer produces from {@code input}; throws {@link InvalidSpecException} if it cannot apply. */
    FeatureShape outputShape(FeatureShape input);

    <R> R accept(Visitor<R> visitor);

    /** Modules this layer occupies in an {@code nn.Sequential}, where an activation is a module of its own. */
    default int moduleCount() {
        return 1;
    }

    /** The tensors this layer itself holds, named under its module path (e.g. {@code 3} or {@code 5.body.0}). */
    default List<TensorSpec> tensors(String module, FeatureShape input) {
        return List.of();
    }

    /** Layers nested in this one, placed under its module path; their tensors are part of this layer's. None yet. */
    default List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    /** One method per layer type: an engine's or a file format's mapping of every layer. */
    interface Visitor<R> {
        R conv2d(Conv2d layer);

        R maxPool2d(MaxPool2d layer);

        R flatten(Flatten layer);

        R dense(Dense layer);

        R dropout(Dropout layer);

        R softmax(SoftmaxOutput layer);
    }

    /** 2-D convolution with square kernels; weights [filters, inChannels, kernel, kernel] plus a bias per filter. */
    record Conv2d(int filters, int kernel, int stride, Padding padding, Activation activation) implements Layer {
        public Conv2d {
            requirePositive("filters", filters);
            requirePositive("kernel", kernel);
            requirePositive("stride", stride);
            if (padding == Padding.SAME && (stride != 1 || kernel % 2 == 0)) {
                // Only then is the padding symmetric, and identical in every engine and in PyTorch.
                throw new InvalidSpecException("conv2d with padding 'same' needs stride 1 and an odd kernel, got kernel "
                        + kernel + " and stride " + stride);
            }
        }

        /** Keras' defaults: stride 1, valid padding. */
        public Conv2d(int filters, int kernel, Activation activation) {
            this(filters, kernel, 1, Padding.VALID, activation);
        }

        /** Zeros added on each side. */
        public int paddingSize() {
            return padding == Padding.SAME ? (kernel - 1) / 2 : 0;
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
            return List.of(
                    TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(filters, requireImage(input, this).channels(), kernel, kernel)),
                    TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(filters)));
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

    /** Fully connected layer; weights [units, inputs] plus a bias per unit. */
    record Dense(int units, Activation activation) implements Layer {
        public Dense {
            requirePositive("units", units);
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
            return List.of(
                    TensorSpec.of(module, TensorSpec.Role.WEIGHT, List.of(units, requireFlat(input, this).size())),
                    TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(units)));
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
                + " (add a flatten layer before it)");
    }
}
