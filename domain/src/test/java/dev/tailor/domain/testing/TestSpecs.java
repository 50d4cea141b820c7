package dev.tailor.domain.testing;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import java.util.List;

/** Specs that tests in every module share. */
public final class TestSpecs {
    /**
     * Every layer type Tailor has, with a residual that keeps the shape (identity shortcut) and one that changes it
     * (1x1 convolution shortcut), batch norms on images and on vectors, and every activation.
     */
    public static final ModelSpec EVERY_LAYER = new ModelSpec("every-layer", new ImageShape(1, 28, 28), List.of(
            new Layer.Conv2d(8, 3, 1, Padding.zeros(1), Activation.LINEAR, false),
            new Layer.BatchNorm(),
            new Layer.ActivationLayer(Activation.LEAKY_RELU),
            new Layer.Residual(List.of(
                    new Layer.Conv2d(8, 3, 1, Padding.SAME, Activation.RELU, false),
                    new Layer.BatchNorm(0.2, 1e-3))),
            new Layer.Residual(List.of(
                    new Layer.Conv2d(12, 3, 2, Padding.zeros(1), Activation.LINEAR, false),
                    new Layer.BatchNorm(),
                    new Layer.ActivationLayer(Activation.TANH),
                    new Layer.Conv2d(12, 3, 1, Padding.zeros(1), Activation.LINEAR)), Activation.LINEAR),
            new Layer.AvgPool2d(2),
            new Layer.MaxPool2d(2, 1),
            new Layer.Dropout(0.1),
            new Layer.GlobalAvgPool(),
            new Layer.Dense(16, Activation.SIGMOID, false),
            new Layer.BatchNorm(),
            new Layer.ActivationLayer(Activation.RELU),
            new Layer.SoftmaxOutput(10)));

    private TestSpecs() {
    }
}
