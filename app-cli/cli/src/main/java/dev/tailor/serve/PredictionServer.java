package dev.tailor.serve;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.config.ImageFiles;
import dev.tailor.config.InferenceProtocol;
import dev.tailor.config.ReportFiles;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorVersion;
import dev.tailor.domain.data.Image;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Serves one classifier over HTTP (Javalin on Jetty): {@code POST /v1/predict} with an image as the body or several
 * as multipart/form-data parts; {@code GET /v1/model}, {@code /health} and {@code /metrics}; and the Open Inference
 * Protocol under {@code /v2} ({@link InferenceProtocol}). Every refusal is JSON with its status and no stack trace:
 * {@code {"status", "error"}}, or under {@code /v2} the protocol's {@code {"error"}}. Closing it drains: new requests get 503 while the
 * ones in flight finish, then the server stops.
 */
public final class PredictionServer implements AutoCloseable {
    static final String PREDICT = "/v1/predict";
    static final String MODEL = "/v1/model";
    static final String HEALTH = "/health";
    static final String METRICS = "/metrics";
    static final String V2 = "/v2";
    private static final String JSON = "application/json";
    private static final long DISCARD_LIMIT = 64L << 20;

    /**
     * Where to listen, and the limits: {@code maxRequestBytes} for a body (or all parts together),
     * {@code maxImages} per request, {@code batched}: gather concurrent requests into shared engine calls.
     */
    public record Settings(String host, int port, long maxRequestBytes, int maxImages, boolean batched, Duration drainTimeout) {
        public Settings {
            if (port < 0 || port > 65_535) {
                throw new InvalidInputException("port " + port + ": expected 0 to 65535 (0 picks a free one)");
            }
            if (maxRequestBytes < 1) {
                throw new InvalidInputException("request size limit " + maxRequestBytes + ": expected at least 1 byte");
            }
            if (maxImages < 1) {
                throw new InvalidInputException("images per request " + maxImages + ": expected at least 1");
            }
        }
    }

    /**
     * What is served: the model's name (the protocol's model name), the engine serving it, how uploaded files are
     * prepared for it (its input shape and inversion, as it records them) and its manifest, for {@code /v1/model}.
     */
    public record Model(String name, String platform, ImageShape input, Preprocessing.Inversion inversion, String manifestJson) {
    }

    private final Classifier classifier;
    private final Model model;
    private final ImageShape input;
    private final Preprocessing.Inversion inversion;
    private final Settings settings;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Inference inference;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Javalin app;

    private PredictionServer(Classifier classifier, Model model, Settings settings, Consumer<String> log) {
        this.classifier = classifier;
        this.model = model;
        this.input = model.input();
        this.inversion = model.inversion();
        this.settings = settings;
        this.inference = settings.batched() ? new BatchingInference(classifier, metrics, 256) : new ParallelInference(classifier, metrics);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxRequestBytes(), io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(settings.maxRequestBytes(), io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, settings.maxRequestBytes()),
                    io.javalin.config.SizeUnit.BYTES);
            config.routes.post(PREDICT, this::predict);
            config.routes.get(MODEL, ctx -> ctx.contentType(JSON).result(model.manifestJson()));
            config.routes.get(HEALTH, this::health);
            config.routes.get(METRICS, ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            config.routes.get(V2 + "/health/live", ctx -> ctx.contentType(JSON).result(InferenceProtocol.ready("live", true, Optional.empty())));
            config.routes.get(V2 + "/health/ready", ctx -> ready(ctx, Optional.empty()));
            config.routes.get(V2, ctx -> ctx.contentType(JSON).result(InferenceProtocol.serverMetadata(TailorVersion.current())));
            for (String path : List.of(V2 + "/models/{name}", V2 + "/models/{name}/versions/{version}")) {
                config.routes.get(path, ctx -> ctx.contentType(JSON).result(InferenceProtocol.modelMetadata(modelName(ctx), model.platform(),
                        input, classifier.classNames())));
                config.routes.get(path + "/ready", ctx -> ready(ctx, Optional.of(modelName(ctx))));
                config.routes.post(path + "/infer", this::infer);
            }
            config.routes.exception(RequestError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.accept("request " + ctx.method() + " " + ctx.path() + " failed: " + e);
                error(ctx, 500, "internal error; the server's log says more");
            });
            // A 404 of ours (an unknown model) already has its body; only Javalin's own (no route) needs one.
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, "*", ctx -> error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
            config.requestLogger.http((ctx, ms) -> metrics.answered(ctx.path(), ctx.method().name(), ctx.statusCode(), ms / 1000));
        });
    }

    /** Starts serving; the classifier stays the caller's to close, after this server. */
    public static PredictionServer start(Classifier classifier, Model model, Settings settings, Consumer<String> log) {
        PredictionServer server = new PredictionServer(classifier, model, settings, log);
        try {
            server.app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            server.inference.close();
            throw new InvalidInputException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + rootMessage(e));
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    private void health(Context ctx) {
        if (draining.get()) {
            error(ctx, 503, "shutting down");
        } else {
            ctx.contentType(JSON).result("{\"status\":\"ok\"}");
        }
    }

    private void ready(Context ctx, Optional<String> name) {
        ctx.status(draining.get() ? 503 : 200).contentType(JSON).result(InferenceProtocol.ready("ready", !draining.get(), name));
    }

    /** The model named in the path, which must be the one served (and its version, when the path names one). */
    private String modelName(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.equals(model.name())) {
            throw new RequestError(404, "unknown model '" + name + "'; this server serves '" + model.name() + "'");
        }
        String version = ctx.pathParamMap().get("version");
        if (version != null && !version.equals(InferenceProtocol.VERSION)) {
            throw new RequestError(404, "model '" + name + "' has no version '" + version + "'; its one version is "
                    + InferenceProtocol.VERSION);
        }
        return name;
    }

    /** {@code POST /v2/models/{name}/infer}: FP32 pixels or BYTES image files in, probabilities out. */
    private void infer(Context ctx) {
        inFlight.incrementAndGet();
        try {
            String name = modelName(ctx);
            if (draining.get()) {
                throw new RequestError(503, "shutting down");
            }
            InferenceProtocol.InferRequest request;
            List<Image> images;
            try {
                request = InferenceProtocol.readInferRequest(body(ctx), input, settings.maxImages());
                images = request.images().prepare(input, inversion);
            } catch (InvalidInputException e) {
                throw new RequestError(400, e.getMessage());
            }
            ctx.contentType(JSON).result(InferenceProtocol.inferResponse(name, request.id(), inference.classify(images)));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private List<Image> decode(List<EncodedImage> encoded) {
        List<Image> decoded = new ArrayList<>(encoded.size());
        for (EncodedImage image : encoded) {
            try {
                decoded.add(image.decode(input, inversion));
            } catch (InvalidInputException e) {
                throw new RequestError(400, e.getMessage());
            }
        }
        return decoded;
    }

    private void predict(Context ctx) {
        inFlight.incrementAndGet();
        try {
            if (draining.get()) {
                throw new RequestError(503, "shutting down");
            }
            int top = top(ctx);
            List<EncodedImage> encoded = images(ctx);
            List<Prediction> predictions = inference.classify(decode(encoded));
            ctx.contentType(JSON).result(ReportFiles.predictionsDocument(encoded.stream().map(EncodedImage::name).toList(), predictions, top));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private int top(Context ctx) {
        String value = ctx.queryParam("top");
        int classes = classifier.classNames().size();
        if (value == null) {
            return Math.min(3, classes);
        }
        try {
            int top = Integer.parseInt(value);
            if (top >= 1 && top <= classes) {
                return top;
            }
        } catch (NumberFormatException e) {
            // Reported below, as for a number out of range.
        }
        throw new RequestError(400, "top=" + value + ": expected a whole number from 1 to " + classes);
    }

    /** The body as one image, or each multipart file part as one. */
    private List<EncodedImage> images(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            List<UploadedFile> parts = uploadedFiles(ctx);
            if (parts.isEmpty()) {
                throw new RequestError(400, "the multipart request has no file parts; send each image as a part with a filename");
            }
            if (parts.size() > settings.maxImages()) {
                throw new RequestError(413, parts.size() + " images in one request; the limit is " + settings.maxImages());
            }
            List<EncodedImage> images = new ArrayList<>(parts.size());
            for (UploadedFile part : parts) {
                try (InputStream content = part.content()) {
                    images.add(ImageFiles.encoded(part.filename(), content.readAllBytes()));
                } catch (IOException e) {
                    throw new RequestError(400, "cannot read part " + part.filename() + ": " + e.getMessage());
                }
            }
            return images;
        }
        if (type.startsWith("image/") || type.startsWith("application/octet-stream")) {
            byte[] body = body(ctx);
            if (body.length == 0) {
                throw new RequestError(400, "the request body is empty; send an image");
            }
            return List.of(ImageFiles.encoded("body", body));
        }
        throw new RequestError(415, "Content-Type '" + ctx.contentType() + "': expected an image (image/png, image/jpeg, image/gif, "
                + "image/bmp, application/octet-stream) or multipart/form-data");
    }

    private List<UploadedFile> uploadedFiles(Context ctx) {
        if (ctx.contentLength() > settings.maxRequestBytes()) {
            throw tooLarge(ctx);
        }
        try {
            return ctx.uploadedFiles();
        } catch (Exception e) {
            // Jetty's parser (a checked ServletException, thrown through Kotlin) reports a part over the limit, as in a
            // chunked request with no length, only in its message.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).matches(".*(exceed|too large|max).*")) {
                    throw tooLarge(ctx);
                }
            }
            throw new RequestError(400, "unreadable multipart request: " + rootMessage(e));
        }
    }

    /** The body, read up to the limit: a request without a Content-Length cannot make the server buffer more. */
    private byte[] body(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > settings.maxRequestBytes()) {
            throw tooLarge(ctx);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxRequestBytes() + 1));
            if (bytes.length > settings.maxRequestBytes()) {
                throw tooLarge(ctx);
            }
            return bytes;
        } catch (IOException e) {
            throw new RequestError(400, "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * The 413 for a request over the limit. A client that sends its whole body before reading the answer (most do,
     * without {@code Expect: 100-continue}) would see a broken pipe instead of the 413 if the server closed the
     * connection mid-body, so up to {@link #DISCARD_LIMIT} more bytes are read and dropped first.
     */
    private RequestError tooLarge(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            long skipped = 0;
            byte[] sink = new byte[64 * 1024];
            for (int n; skipped < DISCARD_LIMIT && (n = in.read(sink)) > 0; ) {
                skipped += n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or the server closes the connection: the answer is the same either way.
        }
        return new RequestError(413, "the request is larger than the limit of " + settings.maxRequestBytes() + " bytes");
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(JSON).result(ctx.path().startsWith(V2) ? InferenceProtocol.error(message)
                : ReportFiles.errorDocument(status, message));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Requests in flight now: what closing waits for. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Drains and stops: from now on new predictions get 503 and {@code /health} reports shutting down; waits up to the
     * drain timeout for those in flight, then stops the server and the engine thread.
     */
    @Override
    public void close() {
        draining.set(true);
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
        inference.close();
    }
}
