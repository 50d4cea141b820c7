package dev.tailor.cli;

import dev.tailor.application.SavedModel;
import dev.tailor.application.port.out.ModelStore;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes a saved model's weights alone as a safetensors file: float32 tensors named and laid out as",
                "PyTorch's nn.Sequential holds them, so torch's load_state_dict accepts them for the same network."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor export --model runs/seed-cnn/model --output seed-cnn.safetensors"})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--model", paramLabel = "DIR", required = true, description = "A model directory written by train.")
    Path model;

    @CommandLine.Option(names = "--output", paramLabel = "FILE", required = true, description = "The .safetensors file to write.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ModelStore models;

    @Override
    public Integer call() {
        SavedModel saved = models.load(model);
        models.exportWeights(output, saved);
        spec.commandLine().getOut().printf("wrote %s: %d tensors, %,d parameters of %s%n", output,
                saved.weights().tensors().size(), saved.spec().parameterCount(), saved.spec().name());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
