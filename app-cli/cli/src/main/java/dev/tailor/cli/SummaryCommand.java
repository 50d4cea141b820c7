package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.config.ConfigFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Prints the model's layers, output shapes and parameter counts, like Keras' model.summary().",
        footerHeading = "%nExamples:%n",
        footer = {"  tailor summary --config configs/seed-cnn.json"})
final class SummaryCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "JSON config file (default: the seed CNN).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TailorConfig resolved = config == null ? TailorConfig.DEFAULT : ConfigFiles.read(config);
        spec.commandLine().getOut().print(resolved.model().summary());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
