package dev.tailor.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestSpecs;
import dev.tailor.domain.training.WeightDecay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The program computes what SameDiff's own session computes on every layer type: a training step (batch norms'
 * statistics backward included) and a forward pass for inference.
 */
class OpProgramTest {
    static List<ModelSpec> specs() {
        return List.of(ModelPresets.SEED_CNN, TestSpecs.EVERY_LAYER);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void gradientsLogitsAndBatchStatisticsMatchSameDiffsSessionAtEveryBatchSize(ModelSpec spec) {
        Dl4jEngine.configure(2);
        SameDiffGraph graph = SameDiffGraph.forTraining(spec, Weights.initial(spec, 7), new WeightDecay(1e-3, true), Set.of());
        SameDiff sd = graph.sameDiff();
        Quietly.run(sd::createGradFunction);
        List<String> placeholders = graph.trainingPlaceholders();
        List<String> outputs = new ArrayList<>(List.of(SameDiffGraph.LOGITS));
        graph.statistics().forEach(s -> outputs.addAll(List.of(s.mean(), s.variance())));
        List<String> wanted = new ArrayList<>(outputs);
        graph.trainableNames().forEach(name -> wanted.add(sd.getVariable(name).getGradient().name()));
        OpProgram program = OpProgram.gradient(sd, placeholders, wanted, graph.imageBatchNorms());

        // 6, then a smaller last batch (new shapes), then 6 again (shapes as before); the same inputs on every run.
        int[] batches = {6, 4, 6};
        for (int i = 0; i < batches.length; i++) {
            int batch = batches[i];
            Nd4j.getRandom().setSeed(100 + i);
            Map<String, INDArray> feed = feed(spec, graph, batch);
            program.run(placeholders.stream().map(feed::get).toArray(INDArray[]::new));
            OutAndGrad expected = sd.calculateGradientsAndOutputs(feed, outputs, graph.trainableNames());

            for (String name : outputs) {
                assertThat(program.value(name).shape()).as(name).isEqualTo(expected.getOutputs().get(name).shape());
                // Batch norms scale and shift with oneDNN's batch norm kernel here, a depthwise convolution there: up to
                // 1.2e-6 seen (every-layer's logits, twelve input seeds).
                assertThat(relativeDifference(program.value(name), expected.getOutputs().get(name))).as(name).isLessThan(5e-6);
            }
            for (String name : graph.trainableNames()) {
                INDArray gradient = program.value(sd.getVariable(name).getGradient().name());
                assertThat(expected.getGradients().get(name).norm2Number().doubleValue()).as(name).isPositive();
                // Two float computations summing in other orders: a batch norm's statistics backward is x w + b here,
                // (x - mean) w' + b' there, and its scale and shift's sums a matrix-vector product and a dot here. A
                // shift's gradient cancels: up to 1.8e-5 seen (every-layer's 3.body.2, twelve input seeds; 8e-6 before
                // the sums changed). Against float64 sums the program's are as close as SameDiff's or closer.
                assertThat(relativeDifference(gradient, expected.getGradients().get(name))).as(name).isLessThan(5e-5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void aForwardPassMatchesSameDiffsSessionAtEveryBatchSizeAndAfterRelease(ModelSpec spec) {
        Dl4jEngine.configure(2);
        SameDiffGraph graph = SameDiffGraph.forInference(spec, Weights.initial(spec, 7));
        SameDiff sd = graph.sameDiff();
        OpProgram program = OpProgram.forward(sd, List.of(SameDiffGraph.INPUT), List.of(SameDiffGraph.PROBABILITIES));

        // One image, a batch (new shapes), one image again, then the same after its arrays were closed.
        int[] batches = {1, 5, 1, 5};
        for (int i = 0; i < batches.length; i++) {
            if (i == 3) {
                program.release();
            }
            Nd4j.getRandom().setSeed(200 + i);
            INDArray images = Nd4j.rand(DataType.FLOAT, batches[i], spec.input().channels(), spec.input().height(),
                    spec.input().width());
            program.run(images);
            INDArray expected = sd.outputSingle(Map.of(SameDiffGraph.INPUT, images), SameDiffGraph.PROBABILITIES);

            INDArray actual = program.value(SameDiffGraph.PROBABILITIES);
            assertThat(actual.shape()).isEqualTo(new long[] {batches[i], spec.classes()});
            assertThat(relativeDifference(actual, expected)).as("batch of %d", batches[i]).isLessThan(1e-6);
        }
    }

    @Test
    void aPlaceholderTheWantedValuesNeedMustBeFed() {
        Dl4jEngine.configure(2);
        ModelSpec spec = ModelPresets.SEED_CNN;
        SameDiffGraph graph = SameDiffGraph.forTraining(spec, Weights.initial(spec, 7), WeightDecay.NONE, Set.of());
        SameDiff sd = graph.sameDiff();
        Quietly.run(sd::createGradFunction);
        String gradient = sd.getVariable(graph.trainableNames().get(0)).getGradient().name();

        assertThatThrownBy(() -> OpProgram.gradient(sd, List.of(SameDiffGraph.INPUT), List.of(gradient), List.of()))
                .hasMessageContaining("placeholder")
                .hasMessageContaining("not fed");
    }

    private static Map<String, INDArray> feed(ModelSpec spec, SameDiffGraph graph, int batch) {
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put(SameDiffGraph.INPUT, Nd4j.rand(DataType.FLOAT, batch, spec.input().channels(), spec.input().height(), spec.input().width()));
        for (SameDiffGraph.DropoutMask mask : graph.masks()) {
            long[] shape = new long[mask.exampleShape().length + 1];
            shape[0] = batch;
            System.arraycopy(mask.exampleShape(), 0, shape, 1, mask.exampleShape().length);
            feed.put(mask.placeholder(), Nd4j.rand(DataType.FLOAT, shape).gt(0.3).castTo(DataType.FLOAT).muli(1 / 0.7));
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, spec.classes());
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, (i * 3) % spec.classes(), 1f);
        }
        feed.put(SameDiffGraph.LABELS, labels);
        return feed;
    }

    private static double relativeDifference(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / Math.max(1e-12, expected.norm2Number().doubleValue());
    }
}
