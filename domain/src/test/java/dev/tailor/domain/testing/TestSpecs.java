package dev.tailor.domain.testing;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.layer.ActivationLayer;
import dev.tailor.domain.model.layer.AvgPool2d;
import dev.tailor.domain.model.layer.BatchNorm;
import dev.tailor.domain.model.layer.Conv2d;
import dev.tailor.domain.model.layer.Dense;
import dev.tailor.domain.model.layer.Dropout;
import dev.tailor.domain.model.layer.Dropout2d;
import dev.tailor.domain.model.layer.GlobalAvgPool;
import dev.tailor.domain.model.layer.Layer;
import dev.tailor.domain.model.layer.LayerNorm;
import dev.tailor.domain.model.layer.MaxPool2d;
import dev.tailor.domain.model.layer.Normalize;
import dev.tailor.domain.model.layer.Residual;
import dev.tailor.domain.model.layer.SoftmaxOutput;
import java.util.Collections;
import java.util.List;

/** Specs that tests in every module share. */
public final class TestSpecs {
    /**
     * Every layer type Tailor has, with a residual that keeps the shape (identity shortcut) and one that changes it
     * (1x1 convolution shortcut), batch and layer norms on images and on vectors, both dropouts, and every activation.
     */
    public static final ModelSpec EVERY_LAYER = new ModelSpec("every-layer", new ImageShape(1, 28, 28), List.of(
            new Conv2d(8, 3, 1, Padding.zeros(1), Activation.LINEAR, false),
            new BatchNorm(),
            new ActivationLayer(Activation.LEAKY_RELU),
            new Residual(List.of(
                    new Conv2d(8, 3, 1, Padding.SAME, Activation.RELU, false),
                    new BatchNorm(0.2, 1e-3))),
            new Residual(List.of(
                    new Conv2d(12, 3, 2, Padding.zeros(1), Activation.LINEAR, false),
                    new BatchNorm(),
                    new ActivationLayer(Activation.TANH),
                    new Conv2d(12, 3, 1, Padding.zeros(1), Activation.LINEAR)), Activation.LINEAR),
            new AvgPool2d(2),
            new Normalize(Collections.nCopies(12, 0.1), Collections.nCopies(12, 1.5)),
            new LayerNorm(1e-4),
            new MaxPool2d(2, 1),
            new Dropout2d(0.1),
            new Dropout(0.1),
            new GlobalAvgPool(),
            new Dense(16, Activation.SIGMOID, false),
            new BatchNorm(),
            new LayerNorm(),
            new ActivationLayer(Activation.RELU),
            new SoftmaxOutput(10)));

    private TestSpecs() {
    }
}
