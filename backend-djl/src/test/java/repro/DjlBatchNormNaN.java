package repro;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A DJL-only reproduction of issue 22 (no Tailor class): conv 3x3 without bias, batch norm, ReLU, 2x2 max pool, twice,
 * then a dense layer to 10 classes, trained with Adam 1e-3 in batches of 32 on the first 6,000 Fashion-MNIST training
 * images. Each step runs layer by layer, every layer's input a leaf of its own, so that each forward output, each
 * gradient a layer passes back and each parameter gradient can be checked: the first non-finite value is named with
 * its step, layer and tensor.
 *
 * <pre>
 * mvn -q -pl backend-djl test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=repro.DjlBatchNormNaN \
 *     -Dexec.args="8 12 3000"          # channels of the two convolutions, steps
 * </pre>
 */
public final class DjlBatchNormNaN {
    private static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private DjlBatchNormNaN() {
    }

    public static void main(String[] args) throws IOException {
        int first = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int second = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(42);
        float[] images = images(DATA.resolve("train-images-idx3-ubyte.gz"), 6_000);
        int[] labels = labels(DATA.resolve("train-labels-idx1-ubyte.gz"), 6_000);

        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(first).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(second).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("repro", Device.cpu(), "PyTorch")) {
            model.setBlock(net);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()))) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                for (int step = 0; step < steps; step++) {
                    int offset = (step * 32) % (6_000 - 32);
                    String failure = checkedStep(trainer, net, images, labels, offset, step);
                    if (failure != null) {
                        System.out.println(failure);
                        System.exit(1);
                    }
                }
                System.out.printf(Locale.ROOT, "%d steps with %d and %d channels: every value finite%n", steps, first, second);
            }
        }
    }

    /** One training step, layer by layer; the first non-finite value it meets, or null. */
    private static String checkedStep(Trainer trainer, SequentialBlock net, float[] images, int[] labels, int offset, int step) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            float[] pixels = new float[32 * 784];
            System.arraycopy(images, offset * 784, pixels, 0, pixels.length);
            float[] target = new float[32];
            for (int i = 0; i < 32; i++) {
                target[i] = labels[offset + i];
            }
            NDArray x = scope.create(pixels, new Shape(32, 1, 28, 28));
            NDArray y = scope.create(target);
            List<Block> layers = new ArrayList<>(net.getChildren().values());
            List<NDArray> inputs = new ArrayList<>();
            List<NDArray> outputs = new ArrayList<>();
            ParameterStore parameters = new ParameterStore(scope, false);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                for (int i = 0; i < layers.size(); i++) {
                    NDArray leaf = x.stopGradient();
                    leaf.setRequiresGradient(true);
                    inputs.add(leaf);
                    x = layers.get(i).forward(parameters, new NDList(leaf), true).singletonOrThrow();
                    outputs.add(x);
                    if (!finite(x)) {
                        return where(step, i, layers.get(i), "forward output", x);
                    }
                }
                NDArray lossValue = trainer.getLoss().evaluate(new NDList(y), new NDList(x));
                collector.backward(lossValue);
                for (int i = layers.size() - 1; i >= 0; i--) {
                    NDArray passedBack = inputs.get(i).getGradient();
                    for (Pair<String, Parameter> p : layers.get(i).getParameters()) {
                        if (p.getValue().requiresGradient() && !finite(p.getValue().getArray().getGradient())) {
                            return where(step, i, layers.get(i), "gradient of " + p.getKey(), p.getValue().getArray().getGradient());
                        }
                    }
                    if (!finite(passedBack)) {
                        return where(step, i, layers.get(i), "gradient passed back to its input", passedBack);
                    }
                    if (i > 0) {
                        // The layer below's output times the gradient this layer passed back: the chain rule, one link.
                        collector.backward(outputs.get(i - 1).mul(passedBack.stopGradient()).sum());
                    }
                }
            }
            trainer.step();
            for (Block layer : layers) {
                for (Pair<String, Parameter> p : layer.getParameters()) {
                    if (!finite(p.getValue().getArray())) {
                        return where(step, layers.indexOf(layer), layer, "value of " + p.getKey() + " after the update", p.getValue().getArray());
                    }
                }
            }
        }
        return null;
    }

    private static boolean finite(NDArray array) {
        return array.isInfinite().logicalOr(array.isNaN()).sum().getLong() == 0;
    }

    private static String where(int step, int index, Block layer, String tensor, NDArray values) {
        long bad = values.isInfinite().logicalOr(values.isNaN()).toType(DataType.INT64, false).sum().getLong();
        return String.format(Locale.ROOT, "step %d: layer %d (%s): %s has %d non-finite values of %d, shape %s", step, index,
                layer.getClass().getSimpleName(), tensor, bad, values.size(), values.getShape());
    }

    private static float[] images(Path file, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.readInt();
            in.readInt();
            in.readInt();
            in.readInt();
            byte[] bytes = new byte[count * 784];
            in.readFully(bytes);
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xff) / 255f;
            }
            return pixels;
        }
    }

    private static int[] labels(Path file, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.readInt();
            in.readInt();
            byte[] bytes = new byte[count];
            in.readFully(bytes);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i];
            }
            return labels;
        }
    }
}
