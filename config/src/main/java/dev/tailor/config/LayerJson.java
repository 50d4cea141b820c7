package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.Padding;
import java.util.List;

/**
 * A layer as written in a config file, e.g. {@code {"type":"conv2d","filters":32,"kernel":3,"activation":"relu"}}.
 * Each record validates itself on construction, so Jackson reports a bad value at its place in the file.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerJson.Conv2d.class, name = "conv2d"),
        @JsonSubTypes.Type(value = LayerJson.MaxPool2d.class, name = "maxPool2d"),
        @JsonSubTypes.Type(value = LayerJson.AvgPool2d.class, name = "avgPool2d"),
        @JsonSubTypes.Type(value = LayerJson.GlobalAvgPool.class, name = "globalAvgPool"),
        @JsonSubTypes.Type(value = LayerJson.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerJson.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerJson.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerJson.BatchNorm.class, name = "batchNorm"),
        @JsonSubTypes.Type(value = LayerJson.ActivationLayer.class, name = "activation"),
        @JsonSubTypes.Type(value = LayerJson.Residual.class, name = "residual"),
        @JsonSubTypes.Type(value = LayerJson.Softmax.class, name = "softmax")})
sealed interface LayerJson {
    String TYPES = "conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten, dense, dropout, batchNorm, activation, residual, softmax";

    Layer toDomain();

    /** Stride defaults to 1, padding to valid, activation to linear, as in Keras; a bias unless {@code "bias": false}. */
    record Conv2d(Integer filters, Integer kernel, Integer stride, Object padding, String activation, Boolean bias)
            implements LayerJson {
        public Conv2d(Integer filters, Integer kernel, Integer stride, Object padding, String activation, Boolean bias) {
            this.filters = filters;
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
            this.activation = activation;
            this.bias = bias;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.Conv2d(required("filters", filters), required("kernel", kernel), stride == null ? 1 : stride,
                    padding(padding), activationOrLinear(activation), bias == null || bias);
        }

        /** {@code "valid"}, {@code "same"} or a number of zeros on each side. */
        private static Padding padding(Object value) {
            if (value == null) {
                return Padding.VALID;
            }
            if (value instanceof String id) {
                return Padding.fromId(id);
            }
            if (value instanceof Integer zeros) {
                return Padding.zeros(zeros);
            }
            throw new InvalidSpecException("padding must be \"valid\", \"same\" or a number of zeros on each side, got " + value);
        }
    }

    /** Stride defaults to the window size, as in Keras. */
    record MaxPool2d(Integer size, Integer stride) implements LayerJson {
        public MaxPool2d(Integer size, Integer stride) {
            this.size = size;
            this.stride = stride;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            int window = required("size", size);
            return new Layer.MaxPool2d(window, stride == null ? window : stride);
        }
    }

    /** Stride defaults to the window size, as in Keras. */
    record AvgPool2d(Integer size, Integer stride) implements LayerJson {
        public AvgPool2d(Integer size, Integer stride) {
            this.size = size;
            this.stride = stride;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            int window = required("size", size);
            return new Layer.AvgPool2d(window, stride == null ? window : stride);
        }
    }

    record GlobalAvgPool() implements LayerJson {
        @Override
        public Layer toDomain() {
            return new Layer.GlobalAvgPool();
        }
    }

    record Flatten() implements LayerJson {
        @Override
        public Layer toDomain() {
            return new Layer.Flatten();
        }
    }

    record Dense(Integer units, String activation, Boolean bias) implements LayerJson {
        public Dense(Integer units, String activation, Boolean bias) {
            this.units = units;
            this.activation = activation;
            this.bias = bias;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.Dense(required("units", units), activationOrLinear(activation), bias == null || bias);
        }
    }

    record Dropout(Double rate) implements LayerJson {
        public Dropout(Double rate) {
            this.rate = rate;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            if (rate == null) {
                throw new InvalidSpecException("rate is required: the probability of dropping a value, in [0, 1)");
            }
            return new Layer.Dropout(rate);
        }
    }

    /** PyTorch's defaults: momentum 0.1 (the weight of each new batch), epsilon 1e-5. */
    record BatchNorm(Double momentum, Double epsilon) implements LayerJson {
        public BatchNorm(Double momentum, Double epsilon) {
            this.momentum = momentum;
            this.epsilon = epsilon;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.BatchNorm(momentum == null ? Layer.BatchNorm.DEFAULT_MOMENTUM : momentum,
                    epsilon == null ? Layer.BatchNorm.DEFAULT_EPSILON : epsilon);
        }
    }

    record ActivationLayer(String activation) implements LayerJson {
        public ActivationLayer(String activation) {
            this.activation = activation;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            if (activation == null) {
                throw new InvalidSpecException("activation is required (one of: " + Activation.ids() + ")");
            }
            return new Layer.ActivationLayer(Activation.fromId(activation));
        }
    }

    /** The activation after the sum defaults to relu, as in ResNet. */
    record Residual(List<LayerJson> layers, String activation) implements LayerJson {
        public Residual(List<LayerJson> layers, String activation) {
            this.layers = layers;
            this.activation = activation;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            if (layers == null) {
                throw new InvalidSpecException("layers is required: the body of the residual, a list of layers");
            }
            return new Layer.Residual(layers.stream().map(LayerJson::toDomain).toList(),
                    activation == null ? Activation.RELU : Activation.fromId(activation));
        }
    }

    record Softmax(Integer classes) implements LayerJson {
        public Softmax(Integer classes) {
            this.classes = classes;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.SoftmaxOutput(required("classes", classes));
        }
    }

    /** The full form of a layer, every field spelled out. */
    static LayerJson from(Layer layer) {
        return layer.accept(new Writer());
    }

    final class Writer implements Layer.Visitor<LayerJson> {
        @Override
        public LayerJson conv2d(Layer.Conv2d c) {
            Object padding = switch (c.padding().rule()) {
                case VALID, SAME -> c.padding().toString();
                case ZEROS -> c.padding().zeros();
            };
            return new Conv2d(c.filters(), c.kernel(), c.stride(), padding, c.activation().id(), c.bias());
        }

        @Override
        public LayerJson maxPool2d(Layer.MaxPool2d p) {
            return new MaxPool2d(p.size(), p.stride());
        }

        @Override
        public LayerJson avgPool2d(Layer.AvgPool2d p) {
            return new AvgPool2d(p.size(), p.stride());
        }

        @Override
        public LayerJson globalAvgPool(Layer.GlobalAvgPool p) {
            return new GlobalAvgPool();
        }

        @Override
        public LayerJson flatten(Layer.Flatten f) {
            return new Flatten();
        }

        @Override
        public LayerJson dense(Layer.Dense d) {
            return new Dense(d.units(), d.activation().id(), d.bias());
        }

        @Override
        public LayerJson dropout(Layer.Dropout d) {
            return new Dropout(d.rate());
        }

        @Override
        public LayerJson batchNorm(Layer.BatchNorm b) {
            return new BatchNorm(b.momentum(), b.epsilon());
        }

        @Override
        public LayerJson activation(Layer.ActivationLayer a) {
            return new ActivationLayer(a.activation().id());
        }

        @Override
        public LayerJson residual(Layer.Residual r) {
            return new Residual(r.layers().stream().map(LayerJson::from).toList(), r.activation().id());
        }

        @Override
        public LayerJson softmax(Layer.SoftmaxOutput s) {
            return new Softmax(s.classes());
        }
    }

    private static Activation activationOrLinear(String id) {
        return id == null ? Activation.LINEAR : Activation.fromId(id);
    }

    private static int required(String field, Integer value) {
        if (value == null) {
            throw new InvalidSpecException(field + " is required (an integer)");
        }
        return value;
    }
}
