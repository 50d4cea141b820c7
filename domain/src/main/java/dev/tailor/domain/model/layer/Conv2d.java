package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.LayerNode;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.TensorSpec;
import java.util.List;

/**
 * 2-D convolution with square kernels; weights [filters, inChannels, kernel, kernel], plus a bias per filter unless
 * turned off. Keras' defaults: stride 1, valid padding, linear activation, a bias.
 */
public record Conv2d(int filters, int kernel, int stride, Padding padding, Activation activation, boolean bias) implements Layer {
    public static final LayerType TYPE = new LayerType("conv2d", "Conv2D", in -> new Conv2d(in.integer("filters"),
            in.integer("kernel"), in.integer("stride", 1), in.padding("padding", Padding.VALID),
            in.activation("activation", Activation.LINEAR), in.bool("bias", true)));

    public Conv2d {
        Shapes.requirePositive("filters", filters);
        Shapes.requirePositive("kernel", kernel);
        Shapes.requirePositive("stride", stride);
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
    public LayerType layerType() {
        return TYPE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        ImageShape in = Shapes.requireImage(input, this);
        int pad = paddingSize();
        if (kernel > in.height() + 2 * pad || kernel > in.width() + 2 * pad) {
            throw new InvalidSpecException("conv2d kernel " + kernel + "x" + kernel + " is larger than its input "
                    + in.height() + "x" + in.width());
        }
        return new ImageShape(filters, (in.height() + 2 * pad - kernel) / stride + 1, (in.width() + 2 * pad - kernel) / stride + 1);
    }

    @Override
    public List<TorchModule> torchModules(FeatureShape input) {
        return TorchModule.activated(TorchModule.of("Conv2d").with("in_channels", Shapes.requireImage(input, this).channels())
                .with("out_channels", filters).with("kernel_size", kernel).with("stride", stride)
                .with("padding", paddingSize()).with("bias", bias), activation);
    }

    @Override
    public List<TensorSpec> tensors(String module, FeatureShape input) {
        TensorSpec weight = TensorSpec.of(module, TensorSpec.Role.WEIGHT,
                List.of(filters, Shapes.requireImage(input, this).channels(), kernel, kernel));
        return bias ? List.of(weight, TensorSpec.of(module, TensorSpec.Role.BIAS, List.of(filters))) : List.of(weight);
    }

    @Override
    public List<LayerNode> children(String module, FeatureShape input) {
        return List.of();
    }

    @Override
    public void write(LayerWriter out) {
        out.integer("filters", filters).integer("kernel", kernel).integer("stride", stride).padding("padding", padding)
                .activation("activation", activation).bool("bias", bias);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv2d(this);
    }
}
