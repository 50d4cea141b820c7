package dev.tailor.cli;

import dev.tailor.application.ServableModel;
import dev.tailor.application.service.Serving;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backend;
import dev.tailor.serve.PredictionServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Serves a saved model over HTTP until Ctrl-C or SIGTERM, which finish the requests in flight and exit 0.",
                "  POST /v1/predict   an image as the body (PNG, JPEG, GIF, BMP), or several",
                "                     as multipart/form-data; ?top=K classes per image;",
                "                     answers {\"predictions\": [...]}",
                "  GET  /v1/model     the model's manifest: layers, classes, provenance",
                "  GET  /health       {\"status\":\"ok\"}, or 503 while shutting down",
                "  GET  /metrics      Prometheus: requests, errors, latency, images classified",
                "Refusals are JSON {\"status\", \"error\"}: 400 unreadable image, 413 too large, 415 not an image type,",
                "404 unknown path, 405 wrong method."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor serve --model runs/seed-cnn/model --port 8080",
                "  curl -s --data-binary @shirt.png -H 'Content-Type: image/png' \\",
                "      http://127.0.0.1:8080/v1/predict",
                "  curl -s -F image=@shirt.png -F image=@boot.jpg \\",
                "      'http://127.0.0.1:8080/v1/predict?top=1'"})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @CommandLine.Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @CommandLine.Option(names = "--max-request-size", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request body accepted, all parts together; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @CommandLine.Option(names = "--max-images", paramLabel = "N", defaultValue = "256",
            description = "Most images in one request (default: ${DEFAULT-VALUE}).")
    int maxImages;

    @CommandLine.Option(names = "--engine-calls", paramLabel = "batched|parallel", defaultValue = "batched",
            description = "batched: requests arriving together share engine calls (faster on both engines, docs/results.md); "
                    + "parallel: each request calls the engine on its own thread, so its answer never depends on what arrived "
                    + "with it (engines differ in the last bits by batch size) (default: ${DEFAULT-VALUE}).")
    String engineCalls;

    @CommandLine.Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "On shutdown, how long to wait for requests in flight (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean batched = switch (engineCalls) {
            case "batched" -> true;
            case "parallel" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--engine-calls': '" + engineCalls + "'; expected batched or parallel");
        };
        if (drainSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--drain-timeout': " + drainSeconds
                    + "; expected 0 or more");
        }
        PredictionServer.Settings settings = new PredictionServer.Settings(host, port, maxRequestBytes, maxImages, batched,
                Duration.ofSeconds(drainSeconds));
        ServableModel saved = model.load();
        Backend backend = model.backendFor(saved);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        try (Classifier classifier = Serving.classifier(saved, backend)) {
            SignalHandler previousInt = Signal.handle(new Signal("INT"), signal -> stop.countDown());
            SignalHandler previousTerm = Signal.handle(new Signal("TERM"), signal -> stop.countDown());
            try (PredictionServer server = PredictionServer.start(classifier, new PredictionServer.Model(saved.name(),
                    backend.engine(), saved.input(), saved.inversion(), manifest()), settings, line -> {
                err.println("tailor: " + line);
                err.flush();
            })) {
                out.printf("serving %s on %s at http://%s:%d/v1/predict and /v2/models/%s/infer (Ctrl-C stops)%n", model.path(),
                        backend.name(), host, server.port(), saved.name());
                out.flush();
                stop.await();
                out.println("stopping: finishing the requests in flight");
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Signal.handle(new Signal("INT"), previousInt);
                Signal.handle(new Signal("TERM"), previousTerm);
            }
        }
        out.println("stopped");
        out.flush();
        return 0;
    }

    private String manifest() {
        try {
            return Files.readString(model.path().resolve("manifest.json"));
        } catch (IOException e) {
            throw new TailorException("cannot read " + model.path().resolve("manifest.json") + ": " + e.getMessage(), e);
        }
    }
}
