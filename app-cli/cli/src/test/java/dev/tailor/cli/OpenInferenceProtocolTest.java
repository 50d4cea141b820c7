package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tailor.Tailor;
import dev.tailor.config.ImageFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code serve}'s Open Inference Protocol endpoints on every backend: each answer, and each request the test sends,
 * valid against a JSON Schema written from the protocol's text; FP32 pixels and BYTES image files give the
 * classifier's own probabilities; every refusal is the protocol's {@code {"error"}} with 400 or 404.
 */
class OpenInferenceProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 3;
    private static JsonNode schemas;

    @TempDir
    static Path dir;
    static Path model;
    static List<Path> pngs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static List<String> backends() {
        return Backends.installed().names();
    }

    @BeforeAll
    static void saveAModelAndItsImages() throws IOException {
        try (InputStream in = OpenInferenceProtocolTest.class.getResourceAsStream("/open-inference-protocol.schema.json")) {
            schemas = JSON.readTree(in);
        }
        model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 5),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        Path images = dir.resolve("images");
        assertThat(Cli.run("dataset", "--dir", TestData.subsetDirectory().toString(), "--export-images", images.toString(),
                "--limit", String.valueOf(IMAGES)).exitCode()).isZero();
        for (int i = 0; i < IMAGES; i++) {
            pngs.add(images.resolve(String.format("%05d.png", i)));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void speaksTheProtocol(String backend) throws Exception {
        List<Image> images = pngs.stream().map(p -> ImageFiles.encoded(p).decode(ModelPresets.SEED_CNN.input(), Preprocessing.Inversion.AUTO))
                .toList();
        List<Prediction> expected;
        try (Classifier classifier = Tailor.open(model, backend)) {
            expected = classifier.predict(dev.tailor.domain.data.Images.of(images));
        }
        Cli.Child server = Cli.start(dir, List.of("-Xmx512m"), "serve", "--model", model.toString(), "--backend", backend,
                "--port", "0", "--max-images", "4");
        try {
            String base = "http://127.0.0.1:" + server.servingPort() + "/v2";
            assertThat(get(base + "/health/live", 200, "ready")).isEqualTo(JSON.readTree("{\"live\":true}"));
            assertThat(get(base + "/health/ready", 200, "ready")).isEqualTo(JSON.readTree("{\"ready\":true}"));
            JsonNode server2 = get(base, 200, "serverMetadata");
            assertThat(server2.get("name").asText()).isEqualTo("tailor");
            assertThat(server2.get("version").asText()).isEqualTo(TailorVersion.current());
            for (String path : List.of("/models/seed-cnn", "/models/seed-cnn/versions/1")) {
                JsonNode metadata = get(base + path, 200, "modelMetadata");
                assertThat(metadata.get("name").asText()).isEqualTo("seed-cnn");
                assertThat(metadata.get("inputs")).isEqualTo(JSON.readTree("[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[-1,1,28,28]}]"));
                assertThat(metadata.at("/outputs/0/shape")).isEqualTo(JSON.readTree("[-1,10]"));
                assertThat(JSON.readTree(metadata.at("/outputs/0/parameters/class_names").asText()).get(9).asText()).isEqualTo("Ankle boot");
                assertThat(get(base + path + "/ready", 200, "ready")).isEqualTo(JSON.readTree("{\"name\":\"seed-cnn\",\"ready\":true}"));
            }

            ObjectNode pixels = request("image", "FP32", List.of(IMAGES, 1, 28, 28));
            pixels.put("id", "pixels-1");
            images.forEach(image -> {
                for (float v : image.pixels()) {
                    ((ArrayNode) pixels.at("/inputs/0/data")).add(v);
                }
            });
            JsonNode answer = infer(base + "/models/seed-cnn/infer", pixels, 200, "inferResponse");
            assertThat(answer.get("id").asText()).isEqualTo("pixels-1");
            assertThat(answer.get("model_name").asText()).isEqualTo("seed-cnn");
            assertProbabilities(answer, expected);

            ObjectNode files = request("image", "BYTES", List.of(IMAGES));
            for (Path png : pngs) {
                ((ArrayNode) files.at("/inputs/0/data")).add(Base64.getEncoder().encodeToString(Files.readAllBytes(png)));
            }
            files.putArray("outputs").addObject().put("name", "probabilities");
            assertProbabilities(infer(base + "/models/seed-cnn/versions/1/infer", files, 200, "inferResponse"), expected);

            refusals(base, pixels, files);
        } finally {
            server.process().destroyForcibly();
        }
    }

    /** Each bad request gets its status and the protocol's error, naming what was wrong. */
    private void refusals(String base, ObjectNode pixels, ObjectNode files) throws Exception {
        assertThat(get(base + "/models/other", 404, "error").get("error").asText()).isEqualTo("unknown model 'other'; this server serves 'seed-cnn'");
        assertThat(get(base + "/models/seed-cnn/versions/2/ready", 404, "error").get("error").asText())
                .isEqualTo("model 'seed-cnn' has no version '2'; its one version is 1");
        assertThat(infer(base + "/models/other/infer", pixels, 404, "error").get("error").asText()).startsWith("unknown model 'other'");

        ObjectNode wrongShape = pixels.deepCopy();
        ((ArrayNode) wrongShape.at("/inputs/0/shape")).set(2, 27);
        assertThat(infer(base + "/models/seed-cnn/infer", wrongShape, 400, "error").get("error").asText())
                .isEqualTo("FP32 input \"image\" has shape [3, 1, 27, 28]; expected [N, 1, 28, 28]");
        ObjectNode wrongType = pixels.deepCopy();
        ((ObjectNode) wrongType.at("/inputs/0")).put("datatype", "INT8");
        assertThat(infer(base + "/models/seed-cnn/infer", wrongType, 400, "error").get("error").asText())
                .isEqualTo("input \"image\" has datatype 'INT8'; expected FP32 (preprocessed pixels) or BYTES (base64-encoded image files)");
        ObjectNode tooFew = pixels.deepCopy();
        ((ArrayNode) tooFew.at("/inputs/0/data")).remove(0);
        assertThat(infer(base + "/models/seed-cnn/infer", tooFew, 400, "error").get("error").asText())
                .isEqualTo("FP32 input \"image\" has 2351 values; its shape needs 2352");
        ObjectNode otherOutput = files.deepCopy();
        ((ObjectNode) otherOutput.at("/outputs/0")).put("name", "logits");
        assertThat(infer(base + "/models/seed-cnn/infer", otherOutput, 400, "error").get("error").asText())
                .isEqualTo("unknown output \"logits\"; the model has one output, \"probabilities\"");
        ObjectNode notAnImage = request("image", "BYTES", List.of(1));
        ((ArrayNode) notAnImage.at("/inputs/0/data")).add(Base64.getEncoder().encodeToString("hello".getBytes()));
        assertThat(infer(base + "/models/seed-cnn/infer", notAnImage, 400, "error").get("error").asText()).startsWith("element 0");
        ObjectNode tooMany = request("image", "BYTES", List.of(5));
        assertThat(infer(base + "/models/seed-cnn/infer", tooMany, 400, "error").get("error").asText())
                .isEqualTo("input \"image\" holds 5 images; expected 1 to 4 per request");
        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(URI.create(base + "/models/seed-cnn/infer"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertValid("error", JSON.readTree(notJson.body()));
    }

    private static ObjectNode request(String name, String datatype, List<Integer> shape) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode tensor = request.putArray("inputs").addObject().put("name", name).put("datatype", datatype);
        shape.forEach(tensor.putArray("shape")::add);
        tensor.putArray("data");
        return request;
    }

    private static void assertProbabilities(JsonNode answer, List<Prediction> expected) {
        JsonNode output = answer.at("/outputs/0");
        assertThat(output.get("name").asText()).isEqualTo("probabilities");
        assertThat(output.get("shape")).isEqualTo(JSON.valueToTree(List.of(expected.size(), 10)));
        for (int i = 0; i < expected.size(); i++) {
            for (int c = 0; c < 10; c++) {
                assertThat(output.get("data").get(i * 10 + c).asDouble()).as("image %d class %d", i, c)
                        .isCloseTo(expected.get(i).probabilities()[c], org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    private JsonNode get(String url, int status, String schema) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return answered(response, status, schema);
    }

    private JsonNode infer(String url, ObjectNode request, int status, String schema) throws Exception {
        if (status == 200) {
            assertValid("inferRequest", request);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), HttpResponse.BodyHandlers.ofString());
        return answered(response, status, schema);
    }

    private static JsonNode answered(HttpResponse<String> response, int status, String schema) throws IOException {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertValid(schema, body);
        return body;
    }

    /** The message against one definition of the protocol's schema. */
    private static void assertValid(String definition, JsonNode message) {
        ObjectNode root = schemas.deepCopy();
        root.put("$ref", "#/$defs/" + definition);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
        assertThat(schema.validate(message)).as("%s against %s", message, definition).isEmpty();
    }
}
