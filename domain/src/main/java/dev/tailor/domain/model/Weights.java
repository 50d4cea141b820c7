package dev.tailor.domain.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every trainable tensor of a model, by {@link ParameterSpec} name, in PyTorch layouts: the engine-neutral form in
 * which weights move between backends.
 */
public record Weights(Map<String, Tensor> tensors) {

    public Weights {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Keras' default initialisation, reproducible from the seed alone: Glorot-uniform weights
     * (limit sqrt(6 / (fanIn + fanOut))) and zero biases. Computed here, so every backend starts from the same point.
     */
    public static Weights glorotUniform(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            float[] values = new float[p.size()];
            if (p.kind() == ParameterSpec.Kind.WEIGHT) {
                double limit = Math.sqrt(6.0 / (p.fanIn() + p.fanOut()));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
            tensors.put(p.name(), new Tensor(p.shape(), values));
        }
        return new Weights(tensors);
    }

    /** Checks that these weights fit the spec exactly: same names, same shapes. */
    public void requireFits(ModelSpec spec) {
        List<ParameterSpec> expected = spec.parameters();
        for (ParameterSpec p : expected) {
            Tensor t = tensors.get(p.name());
            if (t == null) {
                throw new InvalidSpecException("weights lack tensor '" + p.name() + "' that model " + spec.name() + " needs");
            }
            if (!t.shape().equals(p.shape())) {
                throw new InvalidSpecException("tensor '" + p.name() + "' has shape " + t.shape() + " but model "
                        + spec.name() + " needs " + p.shape());
            }
        }
        if (tensors.size() != expected.size()) {
            List<String> extra = tensors.keySet().stream()
                    .filter(name -> expected.stream().noneMatch(p -> p.name().equals(name))).toList();
            throw new InvalidSpecException("weights hold tensors that model " + spec.name() + " does not have: " + extra);
        }
    }

    /** SHA-256 over every tensor's name, shape and float bits, in order: equal fingerprints, equal weights. */
    public String fingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4);
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                digest.update((e.getKey() + e.getValue().shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (float v : e.getValue().values()) {
                    digest.update(buffer.clear().putInt(0, Float.floatToIntBits(v)).array());
                }
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return t;
    }
}
