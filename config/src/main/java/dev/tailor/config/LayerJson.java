package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tailor.domain.model.Activation;
import dev.tailor.domain.model.InvalidSpecException;
import dev.tailor.domain.model.Layer;
import dev.tailor.domain.model.Padding;

/**
 * A layer as written in a config file, e.g. {@code {"type":"conv2d","filters":32,"kernel":3,"activation":"relu"}}.
 * Each record validates itself on construction, so Jackson reports a bad value at its place in the file.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerJson.Conv2d.class, name = "conv2d"),
        @JsonSubTypes.Type(value = LayerJson.MaxPool2d.class, name = "maxPool2d"),
        @JsonSubTypes.Type(value = LayerJson.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerJson.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerJson.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerJson.Softmax.class, name = "softmax")})
sealed interface LayerJson {
    String TYPES = "conv2d, maxPool2d, flatten, dense, dropout, softmax";

    Layer toDomain();

    /** Stride defaults to 1, padding to valid and activation to linear, as in Keras. */
    record Conv2d(Integer filters, Integer kernel, Integer stride, String padding, String activation) implements LayerJson {
        public Conv2d(Integer filters, Integer kernel, Integer stride, String padding, String activation) {
            this.filters = filters;
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
            this.activation = activation;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.Conv2d(required("filters", filters), required("kernel", kernel), stride == null ? 1 : stride,
                    padding == null ? Padding.VALID : Padding.fromId(padding), activationOrLinear(activation));
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

    record Flatten() implements LayerJson {
        @Override
        public Layer toDomain() {
            return new Layer.Flatten();
        }
    }

    record Dense(Integer units, String activation) implements LayerJson {
        public Dense(Integer units, String activation) {
            this.units = units;
            this.activation = activation;
            toDomain(); // validated here so that Jackson reports the error at its place in the file
        }

        @Override
        public Layer toDomain() {
            return new Layer.Dense(required("units", units), activationOrLinear(activation));
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
            return new Conv2d(c.filters(), c.kernel(), c.stride(), c.padding().id(), c.activation().id());
        }

        @Override
        public LayerJson maxPool2d(Layer.MaxPool2d p) {
            return new MaxPool2d(p.size(), p.stride());
        }

        @Override
        public LayerJson flatten(Layer.Flatten f) {
            return new Flatten();
        }

        @Override
        public LayerJson dense(Layer.Dense d) {
            return new Dense(d.units(), d.activation().id());
        }

        @Override
        public LayerJson dropout(Layer.Dropout d) {
            return new Dropout(d.rate());
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
