package dev.tailor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The JSON of the Open Inference Protocol (KServe's v2, also spoken by Triton, MLServer and OpenVINO Model Server) for
 * one Tailor model: its input {@code image}, either FP32 {@code [N, C, H, W]} of preprocessed pixels (as the exported
 * ONNX file takes them) or BYTES {@code [N]} of base64-encoded image files; its output {@code probabilities}, FP32
 * {@code [N, classes]}. Requests are read into {@link InferRequest}s, refusing anything the protocol or the model does
 * not allow with a message for the client; answers are written here too.
 */
public final class InferenceProtocol {
    public static final String INPUT = "image";
    public static final String OUTPUT = "probabilities";
    public static final String VERSION = "1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InferenceProtocol() {
    }

    /** What an inference request asks: its images, in one of the two forms, and the id to echo. */
    public record InferRequest(Optional<String> id, Images images) {
    }

    /** The images of a request. */
    public sealed interface Images permits Pixels, EncodedFiles {
        int count();

        /** The images as the model takes them; a file that does not decode throws {@link InvalidInputException}. */
        List<Image> prepare(ImageShape input, Preprocessing.Inversion inversion);
    }

    /** {@code count} preprocessed images, [N, C, H, W] row-major. */
    public record Pixels(int count, float[] values) implements Images {
        @Override
        public List<Image> prepare(ImageShape input, Preprocessing.Inversion inversion) {
            return IntStream.range(0, count).mapToObj(i -> new Image(input, Arrays.copyOfRange(values, i * input.size(),
                    (i + 1) * input.size()))).toList();
        }
    }

    /** Image files (PNG, JPEG...), prepared as {@code predict} prepares files. */
    public record EncodedFiles(List<byte[]> files) implements Images {
        public EncodedFiles {
            files = List.copyOf(files);
        }

        @Override
        public int count() {
            return files.size();
        }

        @Override
        public List<Image> prepare(ImageShape input, Preprocessing.Inversion inversion) {
            return IntStream.range(0, files.size()).mapToObj(i -> ImageFiles.encoded("element " + i, files.get(i))
                    .decode(input, inversion)).toList();
        }
    }

    /**
     * The request in {@code body}, checked against the model's input; a request the protocol or the model does not allow
     * throws {@link InvalidInputException} with what was wrong and what was expected.
     */
    public static InferRequest readInferRequest(byte[] body, ImageShape input, int maxImages) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object with \"inputs\"");
        }
        JsonNode id = root.get("id");
        if (id != null && !id.isTextual()) {
            throw new InvalidInputException("\"id\" must be a string");
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new InvalidInputException("\"inputs\" must be an array of one tensor, \"" + INPUT + "\": FP32 " + shape(input)
                    + " or BYTES [N] of base64-encoded image files");
        }
        JsonNode outputs = root.get("outputs");
        if (outputs != null) {
            if (!outputs.isArray()) {
                throw new InvalidInputException("\"outputs\" must be an array");
            }
            for (JsonNode output : outputs) {
                if (!OUTPUT.equals(output.path("name").asText(null))) {
                    throw new InvalidInputException("unknown output " + output.path("name") + "; the model has one output, \"" + OUTPUT + "\"");
                }
            }
        }
        return new InferRequest(Optional.ofNullable(id).map(JsonNode::asText), images(inputs.get(0), input, maxImages));
    }

    private static Images images(JsonNode tensor, ImageShape input, int maxImages) {
        String name = tensor.path("name").asText(null);
        if (!INPUT.equals(name)) {
            throw new InvalidInputException("unknown input " + tensor.path("name") + "; the model's input is \"" + INPUT + "\"");
        }
        long[] shape = shapeOf(tensor);
        int count = shape.length == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, shape[0]);
        if (count < 1 || count > maxImages) {
            throw new InvalidInputException("input \"" + INPUT + "\" holds " + (shape.length == 0 ? "no" : shape[0]) + " images; expected 1 to "
                    + maxImages + " per request");
        }
        List<JsonNode> data = new ArrayList<>();
        flatten(tensor.get("data"), data);
        String datatype = tensor.path("datatype").asText("");
        return switch (datatype) {
            case "FP32" -> pixels(shape, data, input);
            case "BYTES" -> encodedFiles(shape, data);
            default -> throw new InvalidInputException("input \"" + INPUT + "\" has datatype '" + datatype
                    + "'; expected FP32 (preprocessed pixels) or BYTES (base64-encoded image files)");
        };
    }

    private static Pixels pixels(long[] shape, List<JsonNode> data, ImageShape input) {
        if (shape.length != 4 || shape[1] != input.channels() || shape[2] != input.height() || shape[3] != input.width()) {
            throw new InvalidInputException("FP32 input \"" + INPUT + "\" has shape " + Arrays.toString(shape) + "; expected "
                    + shape(input));
        }
        int count = (int) shape[0];
        if (data.size() != (long) count * input.size()) {
            throw new InvalidInputException("FP32 input \"" + INPUT + "\" has " + data.size() + " values; its shape needs " + (long) count * input.size());
        }
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = data.get(i);
            if (!v.isNumber() || !Float.isFinite(v.floatValue())) {
                throw new InvalidInputException("FP32 input \"" + INPUT + "\": value " + i + " is " + v + "; expected a finite number");
            }
            values[i] = v.floatValue();
        }
        return new Pixels(count, values);
    }

    private static EncodedFiles encodedFiles(long[] shape, List<JsonNode> data) {
        if (shape.length != 1) {
            throw new InvalidInputException("BYTES input \"" + INPUT + "\" has shape " + Arrays.toString(shape) + "; expected [N]");
        }
        if (data.size() != shape[0]) {
            throw new InvalidInputException("BYTES input \"" + INPUT + "\" has " + data.size() + " elements; its shape says " + shape[0]);
        }
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode v = data.get(i);
            try {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("not a string");
                }
                files.add(Base64.getDecoder().decode(v.asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("BYTES input \"" + INPUT + "\": element " + i + " is not a base64-encoded image file ("
                        + e.getMessage() + ")");
            }
        }
        return new EncodedFiles(files);
    }

    private static long[] shapeOf(JsonNode tensor) {
        JsonNode shape = tensor.get("shape");
        if (shape == null || !shape.isArray()) {
            throw new InvalidInputException("input \"" + INPUT + "\" needs a \"shape\": an array of whole numbers");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToLong() || !shape.get(i).isIntegralNumber() || shape.get(i).asLong() < 0) {
                throw new InvalidInputException("input \"" + INPUT + "\" has shape " + shape + "; expected whole numbers of 0 or more");
            }
            dims[i] = shape.get(i).asLong();
        }
        return dims;
    }

    /** The protocol allows data flat (row-major) or nested as the shape. */
    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node == null) {
            throw new InvalidInputException("input \"" + INPUT + "\" has no \"data\"");
        }
        if (node.isArray()) {
            node.forEach(element -> flatten(element, into));
        } else {
            into.add(node);
        }
    }

    /** The answer to an inference request: {@code probabilities} [N, classes]. */
    public static String inferResponse(String model, Optional<String> id, List<Prediction> predictions) {
        int classes = predictions.get(0).probabilities().length;
        ObjectNode root = NODES.objectNode().put("model_name", model).put("model_version", VERSION);
        id.ifPresent(value -> root.put("id", value));
        ObjectNode output = root.putArray("outputs").addObject().put("name", OUTPUT).put("datatype", "FP32");
        output.putArray("shape").add(predictions.size()).add(classes);
        ArrayNode data = output.putArray("data");
        predictions.forEach(p -> {
            for (float v : p.probabilities()) {
                data.add(v);
            }
        });
        return write(root);
    }

    /** {@code GET /v2/models/{name}}: the tensors the model takes and gives, and its class names as a parameter. */
    public static String modelMetadata(String model, String platform, ImageShape input, List<String> classNames) {
        ObjectNode root = NODES.objectNode().put("name", model);
        root.putArray("versions").add(VERSION);
        root.put("platform", platform);
        ObjectNode in = root.putArray("inputs").addObject().put("name", INPUT).put("datatype", "FP32");
        in.putArray("shape").add(-1).add(input.channels()).add(input.height()).add(input.width());
        ObjectNode out = root.putArray("outputs").addObject().put("name", OUTPUT).put("datatype", "FP32");
        out.putArray("shape").add(-1).add(classNames.size());
        ArrayNode names = NODES.arrayNode();
        classNames.forEach(names::add);
        out.putObject("parameters").put("class_names", write(names));
        return write(root);
    }

    /** {@code GET /v2}. */
    public static String serverMetadata(String version) {
        ObjectNode root = NODES.objectNode().put("name", "tailor").put("version", version);
        root.putArray("extensions");
        return write(root);
    }

    /** {@code {"live": true}} and the like; with the model's name for {@code GET /v2/models/{name}/ready}. */
    public static String ready(String field, boolean value, Optional<String> model) {
        ObjectNode root = NODES.objectNode();
        model.ifPresent(name -> root.put("name", name));
        return write(root.put(field, value));
    }

    /** An error, as the protocol has them. */
    public static String error(String message) {
        return write(NODES.objectNode().put("error", message));
    }

    private static String shape(ImageShape input) {
        return "[N, " + input.channels() + ", " + input.height() + ", " + input.width() + "]";
    }

    private static String write(JsonNode node) {
        try {
            return Json.COMPACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
