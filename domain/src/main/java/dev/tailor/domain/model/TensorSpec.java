package dev.tailor.domain.model;

import java.util.List;
import java.util.Locale;

/**
 * One tensor a layer holds, as the layer declares it: its name and shape as PyTorch's {@code nn.Sequential} holds
 * them ({@code 5.body.1.running_var} [64]), its role, and how it starts. The role fixes the rest: the name suffix,
 * whether training updates it, and its element type. Engines, the summary, the initialiser and the model files read
 * these declarations; none of them guesses from a tensor's rank or position.
 */
public record TensorSpec(String name, Role role, List<Integer> shape, Init init) {

    /** What a tensor is for, with PyTorch's name for it. */
    public enum Role {
        WEIGHT("weight", true),
        BIAS("bias", true),
        /** A batch norm's learned scale (gamma), PyTorch's {@code weight}. */
        SCALE("weight", true),
        /** A batch norm's learned shift (beta), PyTorch's {@code bias}. */
        SHIFT("bias", true),
        RUNNING_MEAN("running_mean", false),
        /** The running estimate of the unbiased variance, as PyTorch keeps it. */
        RUNNING_VARIANCE("running_var", false),
        /** Training batches seen, PyTorch's int64 {@code num_batches_tracked}; informational. */
        BATCH_COUNTER("num_batches_tracked", false);

        private final String suffix;
        private final boolean trainable;

        Role(String suffix, boolean trainable) {
            this.suffix = suffix;
            this.trainable = trainable;
        }

        /** The last part of the tensor's PyTorch name. */
        public String suffix() {
            return suffix;
        }

        /** Whether the optimizer updates it (a PyTorch parameter) or not (a PyTorch buffer). */
        public boolean trainable() {
            return trainable;
        }

        public Tensor.DType dtype() {
            return this == BATCH_COUNTER ? Tensor.DType.I64 : Tensor.DType.F32;
        }

        /** How a tensor of this role starts unless its layer says otherwise: Keras' and PyTorch's choices. */
        public Init defaultInit() {
            return switch (this) {
                case WEIGHT -> Init.GLOROT_UNIFORM;
                case SCALE, RUNNING_VARIANCE -> Init.ONES;
                case BIAS, SHIFT, RUNNING_MEAN, BATCH_COUNTER -> Init.ZEROS;
            };
        }

        /** The name written in manifests, e.g. {@code runningVariance}. */
        public String id() {
            String[] words = name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder id = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                id.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return id.toString();
        }
    }

    /** How a tensor starts when Tailor draws the initial weights. */
    public enum Init {
        /** Uniform in +-sqrt(6 / (fanIn + fanOut)), Keras' default for kernels. */
        GLOROT_UNIFORM,
        ZEROS,
        ONES
    }

    public TensorSpec {
        shape = List.copyOf(shape);
    }

    /** A tensor of module {@code module} (e.g. {@code 3} or {@code 5.body.0}) with its role's default start. */
    public static TensorSpec of(String module, Role role, List<Integer> shape) {
        return new TensorSpec(module + "." + role.suffix(), role, shape, role.defaultInit());
    }

    public boolean trainable() {
        return role.trainable();
    }

    /** The module the tensor belongs to: its name without the role's suffix, e.g. {@code 5.body.0}. */
    public String module() {
        return name.substring(0, name.length() - role.suffix().length() - 1);
    }

    public Tensor.DType dtype() {
        return role.dtype();
    }

    public int size() {
        return shape.stream().reduce(1, (a, b) -> a * b);
    }

    public long[] dims() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Inputs feeding one output: shape[1] times the receptive field, as Keras and PyTorch compute it. */
    public int fanIn() {
        return shape.size() < 2 ? size() : shape.get(1) * receptiveField();
    }

    /** Outputs fed by one input: shape[0] times the receptive field. */
    public int fanOut() {
        return shape.size() < 2 ? size() : shape.get(0) * receptiveField();
    }

    private int receptiveField() {
        int field = 1;
        for (int i = 2; i < shape.size(); i++) {
            field *= shape.get(i);
        }
        return field;
    }
}
