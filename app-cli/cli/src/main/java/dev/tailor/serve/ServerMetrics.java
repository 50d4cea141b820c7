package dev.tailor.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** What {@code GET /metrics} reports, in Prometheus text format: requests, errors, latency, images classified. */
final class ServerMetrics {
    /** Paths are labels only when the server has them: a scan of random URLs must not create unbounded series. */
    private static final Set<String> KNOWN_PATHS = Set.of(PredictionServer.PREDICT, PredictionServer.MODEL, PredictionServer.HEALTH,
            PredictionServer.METRICS);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("tailor_http_requests_total")
            .help("HTTP requests answered, by path, method and status.").labelNames("path", "method", "status").register(registry);
    private final Counter errors = Counter.builder().name("tailor_http_errors_total")
            .help("HTTP requests answered with a 4xx or 5xx status, by path and status.").labelNames("path", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("tailor_http_request_duration_seconds")
            .help("Time from the request's arrival to its answer, by path.").labelNames("path").classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    private final Counter images = Counter.builder().name("tailor_images_classified_total")
            .help("Images classified.").register(registry);
    private final Histogram batches = Histogram.builder().name("tailor_engine_batch_images")
            .help("Images per engine call.").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);

    void answered(String path, String method, int status, double seconds) {
        String label = KNOWN_PATHS.contains(path) ? path : "other";
        requests.labelValues(label, method, String.valueOf(status)).inc();
        if (status >= 400) {
            errors.labelValues(label, String.valueOf(status)).inc();
        }
        latency.labelValues(label).observe(seconds);
    }

    void engineCall(int imageCount) {
        batches.observe(imageCount);
        images.inc(imageCount);
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
