package dev.tailor.backend.dl4j;

import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.NetworkFactory;
import dev.tailor.domain.training.OptimizerState;
import dev.tailor.domain.training.Precision;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff networks, and DL4J's own default start: Xavier kernels (normal, variance 2 / (fanIn + fanOut)) drawn from
 * ND4J's seeded generator; every other tensor starts as its layer declares.
 */
final class SameDiffNetworks implements NetworkFactory {
    @Override
    public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial,
                                   OptimizerState optimizer) {
        return new SameDiffNetwork(spec, classNames, config, initial, optimizer);
    }

    @Override
    public NetworkClassifier classifier(ModelSpec spec, List<String> classNames, Weights weights) {
        // A no-op once a network has set the engine up; a classifier served alone is the engine's first use.
        Dl4jEngine.configure(Runtime.getRuntime().availableProcessors());
        return new Dl4jClassifier(spec, classNames, weights);
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.of(Precision.FLOAT32);
    }

    @Override
    public synchronized Weights engineInitialWeights(ModelSpec spec, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec t : spec.tensors()) {
            tensors.put(t.name(), switch (t.init()) {
                case GLOROT_UNIFORM -> new Tensor(t.shape(), Nd4j.randn(DataType.FLOAT, t.dims())
                        .muli(Math.sqrt(2.0 / (t.fanIn() + t.fanOut()))).data().asFloat());
                case ZEROS -> Tensor.filled(t.dtype(), t.shape(), 0);
                case ONES -> Tensor.filled(t.dtype(), t.shape(), 1);
            });
        }
        return new Weights(tensors);
    }
}
