package dev.tailor.cli;

import com.google.inject.Guice;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains a model on Fashion-MNIST, scores it on the test set after every epoch, and writes",
                "config.json, history.json, metrics.json and the model (model/) into the output directory."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--backend", paramLabel = "NAME", description = "Backend to train on: dl4j or djl.")
    String backend;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var config = options.resolve();
        if (backend != null) {
            config = config.withBackend(backend);
        }
        Guice.createInjector(new TailorModule(config, spec.commandLine().getOut()))
                .getInstance(TrainJob.class)
                .run(Optional.ofNullable(options.initFrom), options.quiet);
        return 0;
    }
}
