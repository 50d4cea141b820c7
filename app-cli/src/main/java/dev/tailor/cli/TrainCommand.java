package dev.tailor.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.tailor.application.RunData;
import dev.tailor.application.Train;
import dev.tailor.application.TrainedRun;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.spi.Backend;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains a model on Fashion-MNIST, scores it on the test set, and writes config.json,",
                "history.json, metrics.json, run.json, the model (model/) and a report into the output directory."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--backend", paramLabel = "NAME", description = "Backend to train on (installed: ${COMPLETION-CANDIDATES}).",
            completionCandidates = InstalledBackends.class)
    String backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TailorConfig config = options.resolve();
        if (backend != null) {
            config = config.withBackend(backend);
        }
        PrintWriter out = spec.commandLine().getOut();
        Injector injector = Guice.createInjector(new TailorModule(config, out));
        Backend chosen = injector.getInstance(Backend.class);
        var initial = options.initialWeights(config);
        options.initFrom().ifPresent(source -> out.printf("starting from the weights in %s%n", source));
        TrainedRun run = injector.getInstance(Train.class).run(new Train.Request(config, chosen, injector.getInstance(RunData.class),
                initial, new ConsoleRun(out, options.quiet, ""), options.overwrite));
        if (config.training().validation().enabled()) {
            out.printf("training %s; the model holds epoch %d's weights%n", run.history().stopReason(), run.history().keptEpoch());
        }
        MetricsTable.print(out, run.evaluation());
        out.printf("training took %.1f s; wrote %s (the model is in %s)%n", run.trainingSeconds(), run.directory(), run.model());
        out.flush();
        return 0;
    }
}
