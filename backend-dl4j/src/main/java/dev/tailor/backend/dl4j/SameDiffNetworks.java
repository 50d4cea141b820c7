package dev.tailor.backend.dl4j;

import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.ParameterSpec;
import dev.tailor.domain.model.Tensor;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.NetworkFactory;
import dev.tailor.domain.training.TrainableNetwork;
import dev.tailor.domain.training.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** SameDiff networks, and DL4J's own default start: Xavier (normal, variance 2 / (fanIn + fanOut)), zero biases. */
final class SameDiffNetworks implements NetworkFactory {
    @Override
    public TrainableNetwork create(ModelSpec spec, List<String> classNames, TrainingConfig config, Weights initial) {
        return new SameDiffNetwork(spec, classNames, config, initial);
    }

    @Override
    public synchronized Weights engineInitialWeights(ModelSpec spec, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            float[] values = p.kind() == ParameterSpec.Kind.BIAS
                    ? new float[p.size()]
                    : Nd4j.randn(DataType.FLOAT, p.dims()).muli(Math.sqrt(2.0 / (p.fanIn() + p.fanOut()))).data().asFloat();
            tensors.put(p.name(), new Tensor(p.shape(), values));
        }
        return new Weights(tensors);
    }
}
