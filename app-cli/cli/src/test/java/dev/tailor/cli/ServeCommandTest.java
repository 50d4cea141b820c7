package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tailor serve} in a fresh JVM on loopback, under a bounded load: 8 clients, 3,000 requests, good and bad mixed.
 * Every good answer equals {@code tailor predict}'s for the same file (to 1e-5: engines differ in the last bits by batch
 * size, and a batched server shares engine calls between requests); every bad one gets its status and a JSON error; the
 * metrics count what was sent; SIGTERM with requests in flight drains them and exits 0.
 */
class ServeCommandTest {
    private static final int CLIENTS = 8;
    private static final int REQUESTS = 3_000;
    private static final int IMAGES = 40;

    @TempDir
    static Path dir;
    static Path model;
    static List<Path> pngs = new ArrayList<>();

    static List<String> backends() {
        return Backends.installed().names();
    }

    @BeforeAll
    static void exportImagesAndPredictThemWithTheCli() throws IOException {
        model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 11),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        Path images = dir.resolve("images");
        assertThat(Cli.run("dataset", "--dir", TestData.subsetDirectory().toString(), "--export-images", images.toString(),
                "--limit", String.valueOf(IMAGES)).exitCode()).isZero();
        for (int i = 0; i < IMAGES; i++) {
            pngs.add(images.resolve(String.format("%05d.png", i)));
        }
    }

    private static Map<String, Map<String, Double>> predictWithTheCli(String backend) throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--backend", backend, "--json", "--top", "10"));
        pngs.forEach(p -> args.add(p.toString()));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, Map<String, Double>> byFile = new HashMap<>();
        for (String line : result.out().lines().toList()) {
            JsonNode entry = JSON.readTree(line);
            Map<String, Double> probabilities = new HashMap<>();
            entry.get("top").forEach(s -> probabilities.put(s.get("className").asText(), s.get("probability").asDouble()));
            byFile.put(Path.of(entry.get("file").asText()).getFileName().toString(), probabilities);
        }
        return byFile;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One kind of request and the status it must get. */
    private record Probe(String name, int status, HttpRequest.Builder request, List<String> files) {
    }

    private List<Probe> probes(String base) throws IOException {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path png = pngs.get(i * 7 % IMAGES);
            probes.add(new Probe("one image", 200, HttpRequest.newBuilder(URI.create(base + "/v1/predict?top=10"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(png)), List.of(png.getFileName().toString())));
        }
        List<Path> three = List.of(pngs.get(1), pngs.get(2), pngs.get(3));
        String boundary = UUID.randomUUID().toString();
        probes.add(new Probe("three parts", 200, HttpRequest.newBuilder(URI.create(base + "/v1/predict?top=10"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, three))),
                three.stream().map(p -> p.getFileName().toString()).toList()));
        probes.add(new Probe("text", 415, HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")), List.of()));
        byte[] png = Files.readAllBytes(pngs.get(0));
        probes.add(new Probe("half a PNG", 400, HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(png, png.length / 2))), List.of()));
        probes.add(new Probe("too large", 413, HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000])), List.of()));
        probes.add(new Probe("top 0", 400, HttpRequest.newBuilder(URI.create(base + "/v1/predict?top=0"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)), List.of()));
        probes.add(new Probe("unknown path", 404, HttpRequest.newBuilder(URI.create(base + "/v1/unknown")).GET(), List.of()));
        probes.add(new Probe("wrong method", 405, HttpRequest.newBuilder(URI.create(base + "/v1/predict")).GET(), List.of()));
        return probes;
    }

    private static byte[] multipart(String boundary, List<Path> files) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Path file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + file.getFileName()
                    + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(file));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void answersEightClientsExactlyAsPredictDoesRefusesBadRequestsAndDrainsOnSigterm(String backend) throws Exception {
        Map<String, Map<String, Double>> expected = predictWithTheCli(backend);
        Cli.Child server = Cli.start(dir, List.of("-Xmx512m"), "serve", "--model", model.toString(), "--backend", backend,
                "--port", "0", "--max-request-size", "200000");
        try {
            String base = "http://127.0.0.1:" + server.servingPort();
            List<Probe> probes = probes(base);
            Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int r = client; r < REQUESTS; r += CLIENTS) {
                        Probe probe = probes.get(r % probes.size());
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(probe.request().build(), HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - t0);
                        sent.computeIfAbsent(probe.status() + " " + (probe.status() == 200 ? "predict" : probe.name()), k -> new AtomicLong()).incrementAndGet();
                        String problem = check(probe, response, expected);
                        if (problem != null) {
                            failures.add(probe.name() + ": " + problem);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(300, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            clients.shutdown();
            assertThat(failures).isEmpty();
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf("serve on %s: %d requests from %d clients in %.1f s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms%n", backend,
                    REQUESTS, CLIENTS, seconds, REQUESTS / seconds, sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6);

            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            long goodRequests = sent.get("200 predict").get();
            long multipartRequests = REQUESTS / probes.size() + (REQUESTS % probes.size() > 6 ? 1 : 0);
            assertThat(metric(metrics, "tailor_images_classified_total")).isEqualTo(goodRequests + 2 * multipartRequests);
            assertThat(metric(metrics, "tailor_http_requests_total{method=\"POST\",path=\"/v1/predict\",status=\"200\"}")).isEqualTo(goodRequests);
            assertThat(metric(metrics, "tailor_http_errors_total{path=\"/v1/predict\",status=\"413\"}")).isEqualTo(sent.get("413 too large").get());
            assertThat(metric(metrics, "tailor_http_errors_total{path=\"other\",status=\"404\"}")).isEqualTo(sent.get("404 unknown path").get());
            assertThat(metric(metrics, "tailor_http_request_duration_seconds_count{path=\"/v1/predict\"}")).isGreaterThanOrEqualTo(goodRequests);
            assertThat(JSON.readTree(get(base + "/v1/model"))).isEqualTo(JSON.readTree(Files.readString(model.resolve("manifest.json"))));
            assertThat(get(base + "/health")).isEqualTo("{\"status\":\"ok\"}");

            drainsInFlightRequestsOnSigterm(server, probes.get(0), expected);
        } finally {
            server.process().destroyForcibly();
        }
    }

    /** SIGTERM with 8 clients sending: each answer is right or a 503, and the server exits 0. */
    private void drainsInFlightRequestsOnSigterm(Cli.Child server, Probe good, Map<String, Map<String, Double>> expected) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong answered = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                while (true) {
                    HttpResponse<String> response;
                    try {
                        response = http.send(good.request().build(), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException closed) {
                        return null;
                    }
                    answered.incrementAndGet();
                    if (response.statusCode() == 503) {
                        continue;
                    }
                    String problem = check(good, response, expected);
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
            }));
        }
        while (answered.get() < 50) {
            Thread.sleep(5);
        }
        server.process().destroy();
        Cli.Result result = server.await(60);
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures).isEmpty();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("stopping: finishing the requests in flight", "stopped");
        assertThat(result.err()).isEmpty();
    }

    /** Null when the response is what the probe must get. */
    private static String check(Probe probe, HttpResponse<String> response, Map<String, Map<String, Double>> expected) throws IOException {
        if (response.statusCode() != probe.status()) {
            return "status " + response.statusCode() + ": " + response.body();
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "content type " + response.headers().firstValue("Content-Type");
        }
        JsonNode body = JSON.readTree(response.body());
        if (probe.status() != 200) {
            return body.get("status").asInt() == probe.status() && !body.get("error").asText().isBlank() && !response.body().contains("\tat ")
                    ? null : "error body " + response.body();
        }
        JsonNode predictions = body.get("predictions");
        if (predictions.size() != probe.files().size()) {
            return predictions.size() + " predictions for " + probe.files().size() + " images";
        }
        for (int i = 0; i < predictions.size(); i++) {
            JsonNode p = predictions.get(i);
            Map<String, Double> want = expected.get(probe.files().get(i));
            for (JsonNode score : p.get("top")) {
                if (Math.abs(score.get("probability").asDouble() - want.get(score.get("className").asText())) > 1e-5) {
                    return probe.files().get(i) + " " + score + " but predict said " + want;
                }
            }
            String best = Collections.max(want.entrySet(), Map.Entry.comparingByValue()).getKey();
            if (!p.get("className").asText().equals(best)) {
                return probe.files().get(i) + " is " + p.get("className") + " but predict said " + best;
            }
        }
        return null;
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metric(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
    }
}
