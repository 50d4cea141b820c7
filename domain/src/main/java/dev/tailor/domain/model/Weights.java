package dev.tailor.domain.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Every tensor of a model, trained or not, by {@link TensorSpec} name, in PyTorch layouts: the engine-neutral form in
 * which weights move between backends.
 */
public record Weights(Map<String, Tensor> tensors) {

    public Weights {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * The start every tensor declares, reproducible from the seed alone: Keras' Glorot-uniform kernels
     * (limit sqrt(6 / (fanIn + fanOut))), zero biases and shifts, unit scales, and fresh running statistics.
     * Computed here, so every backend starts from the same point.
     */
    public static Weights initial(ModelSpec spec, long seed) {
        return draw(spec, seed, false);
    }

    /**
     * PyTorch's default start for convolutions and dense layers, drawn here from the seed: kernels and their biases
     * uniform in +-1 / sqrt(fanIn) (kaiming-uniform with a = sqrt(5)); every other tensor as {@link #initial}. Kernels
     * a third the size of Glorot's: with batch norm and decoupled weight decay a smaller kernel takes larger relative
     * steps, worth +0.3 points on configs/best-cpu.json (docs/results.md).
     */
    public static Weights pytorchDefault(ModelSpec spec, long seed) {
        return draw(spec, seed, true);
    }

    private static Weights draw(ModelSpec spec, long seed, boolean pytorch) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> kernelFanIn = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec t : spec.tensors()) {
            if (t.init() == TensorSpec.Init.GLOROT_UNIFORM) {
                kernelFanIn.put(t.module(), t.fanIn());
            }
            Tensor tensor = switch (t.init()) {
                case GLOROT_UNIFORM -> uniform(t, pytorch ? pytorchLimit(t.fanIn()) : glorotLimit(t), random);
                case ZEROS -> pytorch && t.role() == TensorSpec.Role.BIAS && kernelFanIn.containsKey(t.module())
                        ? uniform(t, pytorchLimit(kernelFanIn.get(t.module())), random)
                        : Tensor.filled(t.dtype(), t.shape(), 0);
                case ONES -> Tensor.filled(t.dtype(), t.shape(), 1);
            };
            tensors.put(t.name(), tensor);
        }
        return new Weights(tensors);
    }

    private static double pytorchLimit(int fanIn) {
        return 1 / Math.sqrt(fanIn);
    }

    private static double glorotLimit(TensorSpec t) {
        return Math.sqrt(6.0 / (t.fanIn() + t.fanOut()));
    }

    private static Tensor uniform(TensorSpec t, double limit, SplittableRandom random) {
        float[] values = new float[t.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return new Tensor(t.shape(), values);
    }

    /** Checks that these weights fit the spec exactly: the same names, shapes and element types, nothing more. */
    public void requireFits(ModelSpec spec) {
        List<TensorSpec> expected = spec.tensors();
        for (TensorSpec t : expected) {
            Tensor tensor = tensors.get(t.name());
            if (tensor == null) {
                throw new InvalidSpecException("weights lack tensor '" + t.name() + "' that model " + spec.name() + " needs");
            }
            if (!tensor.shape().equals(t.shape())) {
                throw new InvalidSpecException("tensor '" + t.name() + "' has shape " + tensor.shape() + " but model "
                        + spec.name() + " needs " + t.shape());
            }
            if (tensor.dtype() != t.dtype()) {
                throw new InvalidSpecException("tensor '" + t.name() + "' holds " + tensor.dtype() + " values but model "
                        + spec.name() + " needs " + t.dtype());
            }
        }
        if (tensors.size() != expected.size()) {
            List<String> extra = tensors.keySet().stream()
                    .filter(name -> expected.stream().noneMatch(t -> t.name().equals(name))).toList();
            throw new InvalidSpecException("weights hold tensors that model " + spec.name() + " does not have: " + extra);
        }
    }

    /** The same tensors in the spec's order, whatever order these are in; they must fit the spec. */
    public Weights orderedFor(ModelSpec spec) {
        requireFits(spec);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        spec.tensors().forEach(t -> ordered.put(t.name(), tensors.get(t.name())));
        return new Weights(ordered);
    }

    /** SHA-256 over every tensor's name, shape and values, in order: equal fingerprints, equal weights. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8);
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                digest.update((e.getKey() + t.shape()).getBytes(StandardCharsets.UTF_8));
                switch (t.dtype()) {
                    case F32 -> {
                        for (float v : t.values()) {
                            digest.update(buffer.clear().putInt(0, Float.floatToIntBits(v)).array(), 0, 4);
                        }
                    }
                    case I64 -> {
                        for (long v : t.longValues()) {
                            digest.update(buffer.clear().putLong(0, v).array(), 0, 8);
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Where the first NaN or infinity is: tensor name, element and value, e.g. {@code tensor '3.running_var' holds NaN
     * at element 5 of 12}; empty when every value is finite.
     */
    public Optional<String> firstNonFinite() {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            OptionalInt index = e.getValue().firstNonFinite();
            if (index.isPresent()) {
                Tensor t = e.getValue();
                return Optional.of("tensor '" + e.getKey() + "' holds " + t.values()[index.getAsInt()] + " at element "
                        + index.getAsInt() + " of " + t.size());
            }
        }
        return Optional.empty();
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return t;
    }
}
