package dev.tailor.domain.model.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.ImageShape;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Padding;
import dev.tailor.domain.model.TensorSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each layer type is one file: its name, its reader and its writer agree with each other, and what it says it is in
 * PyTorch agrees with the tensors it declares. A layer type added without a {@code TYPE}, or whose writer spells a field
 * its reader does not ask for, fails here.
 */
class LayerTypeTest {
    /** One layer of every type, with every field away from its default. */
    static final List<Layer> EVERY_TYPE = List.of(
            new Conv2d(8, 3, 2, Padding.zeros(1), Activation.TANH, false),
            new MaxPool2d(3, 1),
            new AvgPool2d(2, 1),
            new GlobalAvgPool(),
            new Flatten(),
            new Dense(12, Activation.SIGMOID, false),
            new Dropout(0.3),
            new Dropout2d(0.2),
            new BatchNorm(0.2, 1e-3),
            new LayerNorm(1e-3),
            new Normalize(List.of(0.2), List.of(0.3)),
            new ActivationLayer(Activation.LEAKY_RELU),
            new Residual(List.of(new Conv2d(4, 3, 1, Padding.SAME, Activation.RELU), new BatchNorm()), Activation.LINEAR),
            new SoftmaxOutput(7));

    @Test
    void everyLayerTypeIsRegisteredOnceByTheNameItsRecordDeclares() {
        assertThat(LayerType.all()).hasSize(Layer.class.getPermittedSubclasses().length);
        assertThat(EVERY_TYPE.stream().map(Layer::type).collect(Collectors.toSet()))
                .as("this test covers every type").containsExactlyInAnyOrderElementsOf(LayerType.all().stream().map(LayerType::name).toList());
        for (Layer layer : EVERY_TYPE) {
            assertThat(LayerType.named(layer.type())).isSameAs(layer.layerType());
        }
        assertThatThrownBy(() -> LayerType.named("conv3d")).isInstanceOf(InvalidSpecException.class)
                .hasMessage("unknown layer type 'conv3d'; expected one of: " + LayerType.names());
    }

    @Test
    void whatEachLayerWritesItsTypeReadsBackToTheSameLayerAskingForEveryFieldWritten() {
        for (Layer layer : EVERY_TYPE) {
            Written written = new Written();
            layer.write(written);
            Fields fields = new Fields(written.values);

            Layer read = layer.layerType().read(fields);

            assertThat(read).as(layer.type()).isEqualTo(layer);
            assertThat(fields.asked).as("%s reads every field it writes", layer.type()).isEqualTo(written.values.keySet());
        }
    }

    @Test
    void leftOutFieldsTakeTheDocumentedDefaults() {
        assertThat(Conv2d.TYPE.read(new Fields().with("filters", 8).with("kernel", 3))).isEqualTo(new Conv2d(8, 3, 1, Padding.VALID, Activation.LINEAR, true));
        assertThat(MaxPool2d.TYPE.read(new Fields().with("size", 3))).isEqualTo(new MaxPool2d(3, 3));
        assertThat(BatchNorm.TYPE.read(new Fields())).isEqualTo(new BatchNorm(0.1, 1e-5));
        assertThat(Residual.TYPE.read(new Fields().with("layers", List.of(new BatchNorm())))).isEqualTo(new Residual(List.of(new BatchNorm()), Activation.RELU));
        assertThatThrownBy(() -> Dense.TYPE.read(new Fields())).hasMessage("units is required");
    }

    /** A layer's PyTorch modules hold exactly the tensors it declares: the manifest's module list loads its weights. */
    @Test
    void theModulesEachLayerDeclaresHoldTheTensorsItDeclares() {
        ModelSpec spec = new ModelSpec("every", new ImageShape(3, 16, 16), List.of(
                new Conv2d(8, 3, 1, Padding.zeros(1), Activation.TANH, false), new BatchNorm(),
                new Residual(List.of(new Conv2d(12, 3, 2, Padding.zeros(1), Activation.RELU), new BatchNorm())),
                new MaxPool2d(2, 1), new AvgPool2d(2), new Dropout(0.1), new GlobalAvgPool(),
                new Dense(6, Activation.SIGMOID), new BatchNorm(), new ActivationLayer(Activation.RELU), new SoftmaxOutput(4)));
        Set<String> declared = spec.tensors().stream().map(TensorSpec::name).collect(Collectors.toCollection(TreeSet::new));

        assertThat(tensorsOf(spec.torchModules(), "")).isEqualTo(declared);
    }

    /** The tensor names PyTorch gives the modules' parameters and buffers, by the rules of the torch.nn classes used. */
    private static Set<String> tensorsOf(List<TorchModule> modules, String prefix) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < modules.size(); i++) {
            TorchModule m = modules.get(i);
            String path = prefix + i;
            switch (m.name()) {
                case "Conv2d", "Linear" -> {
                    names.add(path + ".weight");
                    if (Boolean.TRUE.equals(m.args().get("bias"))) {
                        names.add(path + ".bias");
                    }
                }
                case "BatchNorm1d", "BatchNorm2d" -> List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")
                        .forEach(t -> names.add(path + "." + t));
                default -> m.parts().forEach((part, inner) -> names.addAll(tensorsOf(inner, path + "." + part + ".")));
            }
        }
        return names;
    }

    /** A config's fields in memory, as a writer spells them out. */
    private static final class Written implements LayerWriter {
        final Map<String, Object> values = new LinkedHashMap<>();

        @Override
        public LayerWriter integer(String field, int value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter number(String field, double value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter numbers(String field, List<Double> value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter bool(String field, boolean value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter activation(String field, Activation value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter padding(String field, Padding value) {
            values.put(field, value);
            return this;
        }

        @Override
        public LayerWriter layers(String field, List<Layer> value) {
            values.put(field, value);
            return this;
        }
    }

    /** Reads fields back from memory, noting each field asked for. */
    private static final class Fields implements LayerReader {
        final Map<String, Object> values;
        final Set<String> asked = new LinkedHashSet<>();

        Fields(Map<String, Object> values) {
            this.values = values;
        }

        Fields() {
            this(new LinkedHashMap<>());
        }

        Fields with(String field, Object value) {
            values.put(field, value);
            return this;
        }

        private Object get(String field) {
            asked.add(field);
            return values.get(field);
        }

        private Object required(String field) {
            Object value = get(field);
            if (value == null) {
                throw new InvalidSpecException(field + " is required");
            }
            return value;
        }

        @Override
        public int integer(String field) {
            return (Integer) required(field);
        }

        @Override
        public int integer(String field, int orElse) {
            Object value = get(field);
            return value == null ? orElse : (Integer) value;
        }

        @Override
        public double number(String field) {
            return (Double) required(field);
        }

        @Override
        public double number(String field, double orElse) {
            Object value = get(field);
            return value == null ? orElse : (Double) value;
        }

        @Override
        public boolean bool(String field, boolean orElse) {
            Object value = get(field);
            return value == null ? orElse : (Boolean) value;
        }

        @SuppressWarnings("unchecked")  // What a writer put under this field: a list of numbers.
        @Override
        public List<Double> numbers(String field) {
            return (List<Double>) required(field);
        }

        @Override
        public Activation activation(String field) {
            return (Activation) required(field);
        }

        @Override
        public Activation activation(String field, Activation orElse) {
            Object value = get(field);
            return value == null ? orElse : (Activation) value;
        }

        @Override
        public Padding padding(String field, Padding orElse) {
            Object value = get(field);
            return value == null ? orElse : (Padding) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Layer> layers(String field) {
            return (List<Layer>) required(field);
        }
    }
}
