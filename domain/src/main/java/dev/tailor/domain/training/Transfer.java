package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.LayerSummary;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.TensorSpec;
import dev.tailor.domain.model.Weights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfer learning: start from a trained model's weights wherever the new network has a tensor of the same name and
 * shape, except the head (the softmax layer) when the classes differ from the source's, and optionally freeze
 * layers: a frozen layer's tensors receive no update and no weight decay, and a frozen batch norm normalises with its
 * running estimates and keeps them (PyTorch's usual practice: the layer in eval mode, its parameters without grad).
 *
 * @param from   the trained model's directory
 * @param freeze which layers keep their transferred weights
 */
public record Transfer(Path from, Freeze freeze) {

    /** Which layers to freeze. */
    public sealed interface Freeze {
        /** The names of the tensors frozen in {@code spec}. */
        Set<String> tensors(ModelSpec spec);

        /** The config's spelling: all-but-head, none, or the layer names. */
        String describe();

        /** Every layer but the head: only the softmax layer learns. */
        record AllButHead() implements Freeze {
            @Override
            public Set<String> tensors(ModelSpec spec) {
                Set<String> head = new LinkedHashSet<>();
                spec.nodes().get(spec.nodes().size() - 1).tensors().forEach(t -> head.add(t.name()));
                Set<String> frozen = new LinkedHashSet<>();
                spec.tensors().stream().map(TensorSpec::name).filter(name -> !head.contains(name)).forEach(frozen::add);
                return Set.copyOf(frozen);
            }

            @Override
            public String describe() {
                return "all-but-head";
            }
        }

        /** No layer: the whole network is fine-tuned from the transferred weights. */
        record Nothing() implements Freeze {
            @Override
            public Set<String> tensors(ModelSpec spec) {
                return Set.of();
            }

            @Override
            public String describe() {
                return "none";
            }
        }

        /** These layers, by the names {@code tailor summary} prints (conv2d, conv2d_1, batchNorm...). */
        record Layers(List<String> names) implements Freeze {
            public Layers {
                names = List.copyOf(names);
                if (names.isEmpty()) {
                    throw new InvalidInputException("transfer.freeze lists no layers; give layer names, \"all-but-head\" or \"none\"");
                }
            }

            /** A name the spec does not have is refused, listing those it has. */
            @Override
            public Set<String> tensors(ModelSpec spec) {
                Map<String, LayerSummary> byName = new LinkedHashMap<>();
                spec.layerSummaries().forEach(layer -> byName.put(layer.name(), layer));
                Set<String> frozen = new LinkedHashSet<>();
                for (String name : names) {
                    LayerSummary layer = byName.get(name);
                    if (layer == null) {
                        throw new InvalidInputException("transfer.freeze: no layer named '" + name + "' in " + spec.name()
                                + "; its layers (as tailor summary prints them): " + String.join(", ", byName.keySet()));
                    }
                    layer.node().tensors().forEach(t -> frozen.add(t.name()));
                }
                return Set.copyOf(frozen);
            }

            @Override
            public String describe() {
                return String.join(", ", names);
            }
        }
    }

    public Transfer {
        if (from == null || freeze == null) {
            throw new InvalidInputException("transfer needs from (a model directory) and freeze");
        }
    }

    /** The names of the tensors it freezes in {@code spec}. */
    public Set<String> frozenTensors(ModelSpec spec) {
        return freeze.tensors(spec);
    }

    /**
     * The starting weights: {@code fresh} (the new network's own start), with every tensor the source has under the same
     * name and shape replaced by the source's; the head starts fresh when {@code classes} are not the source's (its
     * weights score classes that are not these). The source must take the same input; what starts fresh is listed.
     */
    public static Start start(ModelSpec spec, List<String> classes, Weights fresh, ModelSpec sourceSpec, List<String> sourceClasses,
                              Weights source, String sourceName) {
        if (!sourceSpec.input().equals(spec.input())) {
            throw new InvalidInputException("transfer.from " + sourceName + ": takes " + sourceSpec.input() + " images but "
                    + spec.name() + " takes " + spec.input() + "; the input must be the same");
        }
        Map<String, dev.tailor.domain.model.Tensor> tensors = new LinkedHashMap<>();
        List<String> freshNames = new ArrayList<>();
        Set<String> sourceNames = source.tensors().keySet();
        Set<String> head = new LinkedHashSet<>();
        if (!classes.equals(sourceClasses)) {
            spec.nodes().get(spec.nodes().size() - 1).tensors().forEach(t -> head.add(t.name()));
        }
        for (TensorSpec t : spec.tensors()) {
            boolean fits = !head.contains(t.name()) && sourceNames.contains(t.name())
                    && source.get(t.name()).shape().equals(t.shape());
            tensors.put(t.name(), fits ? source.get(t.name()) : fresh.get(t.name()));
            if (!fits) {
                freshNames.add(t.name());
            }
        }
        if (freshNames.size() == spec.tensors().size()) {
            throw new InvalidInputException("transfer.from " + sourceName + ": no tensor of " + spec.name()
                    + " has a tensor of the same name and shape there; is it the same kind of network?");
        }
        return new Start(new Weights(tensors), List.copyOf(freshNames));
    }

    /** The starting weights, and the tensors that start fresh (not in the source, or shaped otherwise). */
    public record Start(Weights weights, List<String> fresh) {
    }
}
