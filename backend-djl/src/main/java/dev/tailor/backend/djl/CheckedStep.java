package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.model.LayerNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A debug form of one training step ({@code -Dtailor.djl.checkSteps=true}), to find where a non-finite number is born.
 * Each layer runs from an input of its own that the gradient stops at, so every forward output, every gradient a layer
 * passes back and every parameter gradient can be looked at; the backward pass is the chain rule taken one layer at a
 * time (the same kernels, in the same order, as the normal step). The first non-finite value stops training with the
 * step, the layer (module path and type) and the tensor. Several times slower than the normal step: not for real runs.
 */
final class CheckedStep {
    /** Set on the command line (TAILOR_JAVA_OPTS) or by an embedder before training. */
    static boolean enabled() {
        return Boolean.getBoolean("tailor.djl.checkSteps");
    }

    private CheckedStep() {
    }

    /** The network's output for the batch, and the loss of it. */
    record Result(NDArray logits, NDArray loss) {
    }

    /**
     * Forward and backward for one batch. {@code layers} are the top-level blocks, one per node of {@code nodes};
     * {@code loss} maps logits to the scalar loss.
     */
    static Result run(List<Block> layers, List<LayerNode> nodes, ParameterStore parameters, NDArray input,
                       UnaryOperator<NDArray> loss, GradientCollector collector, long step) {
        List<NDArray> inputs = new ArrayList<>(layers.size());
        List<NDArray> outputs = new ArrayList<>(layers.size());
        NDArray x = input;
        for (int i = 0; i < layers.size(); i++) {
            NDArray leaf = x.stopGradient();
            leaf.setRequiresGradient(true);
            inputs.add(leaf);
            x = layers.get(i).forward(parameters, new NDList(leaf), true).singletonOrThrow();
            outputs.add(x);
            requireFinite(x, step, nodes.get(i), "its output");
        }
        NDArray lossValue = loss.apply(x);
        requireFinite(lossValue, step, nodes.get(nodes.size() - 1), "the loss of its output");
        collector.backward(lossValue);
        for (int i = layers.size() - 1; i >= 0; i--) {
            for (Pair<String, Parameter> p : layers.get(i).getParameters()) {
                if (p.getValue().requiresGradient()) {
                    requireFinite(p.getValue().getArray().getGradient(), step, nodes.get(i), "the gradient of its " + p.getKey());
                }
            }
            NDArray passedBack = inputs.get(i).getGradient();
            requireFinite(passedBack, step, nodes.get(i), "the gradient it passes back to its input");
            if (i > 0) {
                // One link of the chain rule: the layer below's output against the gradient this layer passed back.
                collector.backward(outputs.get(i - 1).mul(passedBack.stopGradient()).sum());
            }
        }
        return new Result(x, lossValue);
    }

    /** After the update: every parameter and running estimate of every layer. */
    static void requireFiniteParameters(List<Block> layers, List<LayerNode> nodes, long step) {
        for (int i = 0; i < layers.size(); i++) {
            for (Pair<String, Parameter> p : layers.get(i).getParameters()) {
                requireFinite(p.getValue().getArray(), step, nodes.get(i), "its " + p.getKey() + " after the update");
            }
        }
    }

    private static void requireFinite(NDArray values, long step, LayerNode node, String what) {
        long bad = values.isNaN().logicalOr(values.isInfinite()).toType(DataType.INT64, false).sum().getLong();
        if (bad > 0) {
            throw new TailorException(String.format(Locale.ROOT, "numerical check (tailor.djl.checkSteps): step %d, layer %s (%s): "
                    + "%s holds %,d non-finite values of %,d", step + 1, node.path(), node.layer().type(), what, bad, values.size()));
        }
    }
}
