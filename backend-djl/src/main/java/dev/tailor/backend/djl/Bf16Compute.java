package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution or dense layer computed in bfloat16 while training: bfloat16 copies of its weight and bias (the
 * weights, their gradients and the optimizer stay float32) on its input in bfloat16, cast once if it comes in as
 * float32. Its result stays bfloat16, so the batch norms, activations, pools and sums between two such layers also run
 * on half the bytes (float32 parameters; PyTorch's mixed-type kernels); the network's last layer gives float32 logits
 * to the loss. At inference it is the layer itself, in float32.
 */
final class Bf16Compute extends WrappingBlock {
    /** The layer's own arithmetic on given tensors, e.g. {@code Conv2d.conv2d} with its strides and padding. */
    @FunctionalInterface
    interface Op {
        NDList apply(NDArray input, NDArray weight, NDArray bias);
    }

    private final Op op;
    private final boolean floatResult;
    private final Parameter weight;
    /** Null for a layer without one, as the op takes it. */
    private final Parameter bias;
    private final Bf16Casts casts = Bf16Casts.get();

    /** @param floatResult whether its result goes back to float32: for the logits */
    Bf16Compute(Block layer, Op op, boolean floatResult) {
        super("bf16", layer);
        this.op = op;
        this.floatResult = floatResult;
        this.weight = layer.getParameters().get("weight");
        this.bias = layer.getParameters().get("bias");
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!training) {
            return inner.forward(parameters, inputs, false, params);
        }
        NDArray x = inputs.singletonOrThrow();
        NDManager step = x.getManager();
        NDArray b = bias == null ? null : casts.toBf16(parameters.getValue(bias, x.getDevice(), true), step);
        NDArray input = x.getDataType() == DataType.FLOAT32 ? casts.toBf16(x, step) : x;
        NDArray w = casts.toBf16(parameters.getValue(weight, x.getDevice(), true), step);
        NDArray y = op.apply(input, w, b).singletonOrThrow();
        return new NDList(floatResult ? casts.toFloat(y) : y);
    }
}
