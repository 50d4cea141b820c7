package dev.tailor.backend.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.model.FeatureShape;
import dev.tailor.domain.model.FlatShape;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.training.MiniBatchTrainer;
import dev.tailor.domain.training.Trainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** DJL with its PyTorch engine: Tailor specs as DJL blocks, natives from Maven Central, never the network. */
public final class DjlBackend implements Backend {
    public static final String NAME = "djl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String engine() {
        return DjlEngine.describe();
    }

    @Override
    public Trainer trainer() {
        return new MiniBatchTrainer(new DjlNetworks());
    }

    @Override
    public Classifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
        return new DjlClassifier(spec, classNames, weights, Runtime.getRuntime().availableProcessors());
    }

    /** Asks each child block for its output shape, in order; a layer's shape is that of its last module. */
    @Override
    public List<FeatureShape> layerOutputShapes(ModelSpec spec) {
        DjlEngine.start(Runtime.getRuntime().availableProcessors());
        DjlBlocks blocks = DjlBlocks.of(spec);
        try (NDManager manager = NDManager.newBaseManager(DjlEngine.NAME)) {
            Shape shape = DjlBlocks.inputShape(spec, 1);
            blocks.block().initialize(manager, DataType.FLOAT32, shape);
            Iterator<Block> children = blocks.block().getChildren().values().iterator();
            List<FeatureShape> shapes = new ArrayList<>();
            for (Layer layer : spec.layers()) {
                // The softmax module is applied outside the block, and keeps the logits' shape.
                int modules = layer instanceof Layer.SoftmaxOutput ? 1 : layer.moduleCount();
                for (int m = 0; m < modules; m++) {
                    shape = children.next().getOutputShapes(new Shape[] {shape})[0];
                }
                shapes.add(shape.dimension() == 4
                        ? new ImageShape((int) shape.get(1), (int) shape.get(2), (int) shape.get(3))
                        : new FlatShape((int) shape.get(1)));
            }
            return shapes;
        }
    }
}
