package dev.tailor.domain.model.layer;

import dev.tailor.domain.model.Activation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One PyTorch module of a network, as {@code torch.nn} builds it: its class name and keyword arguments (e.g.
 * {@code Conv2d(in_channels=1, out_channels=32, kernel_size=3, ...)}), or one of Tailor's own composite modules, whose
 * parts are named lists of modules. The manifest carries the whole tree, so a loader in any language builds the network
 * without knowing Tailor's layer types; module paths and tensor names follow from it as {@code nn.Sequential} numbers
 * them.
 *
 * @param name  a {@code torch.nn} class, or {@code Residual} or {@code GlobalAvgPool} (Tailor's, see the PyTorch loader)
 * @param args  keyword arguments: integers, numbers, booleans, strings, or lists of integers
 * @param parts for a composite module, its named sequences of modules
 */
public record TorchModule(String name, Map<String, Object> args, Map<String, List<TorchModule>> parts) {
    public TorchModule {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** A {@code torch.nn} module without arguments. */
    public static TorchModule of(String name) {
        return new TorchModule(name, Map.of(), Map.of());
    }

    /** This module with one more keyword argument. */
    public TorchModule with(String arg, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(args);
        more.put(arg, value);
        return new TorchModule(name, more, parts);
    }

    /** The module of an activation; none for linear. */
    public static Optional<TorchModule> activation(Activation activation) {
        return switch (activation) {
            case RELU -> Optional.of(of("ReLU"));
            case LEAKY_RELU -> Optional.of(of("LeakyReLU").with("negative_slope", Activation.LEAKY_SLOPE));
            case TANH -> Optional.of(of("Tanh"));
            case SIGMOID -> Optional.of(of("Sigmoid"));
            case LINEAR -> Optional.empty();
        };
    }

    /** {@code module} followed by the activation's module, if it has one: a layer with an activation written on it. */
    static List<TorchModule> activated(TorchModule module, Activation activation) {
        return activation(activation).map(a -> List.of(module, a)).orElse(List.of(module));
    }
}
