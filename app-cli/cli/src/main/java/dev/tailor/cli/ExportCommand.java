package dev.tailor.cli;

import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.SavedModel;
import dev.tailor.application.ServableModel;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.config.AtomicFiles;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.NetworkAverage;
import dev.tailor.domain.inference.TestTimeAugmentation;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.ExportingBackend;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes a saved model for other tools. safetensors (the default): the weights alone, float32 tensors",
                "named and laid out as PyTorch's nn.Sequential holds them, so torch's load_state_dict accepts them for the same",
                "network. onnx: the model whole in inference form (ONNX opset 17), as Tailor predicts with it: a model",
                "trained with flip test-time augmentation averages the image and its mirror, an ensemble averages its",
                "networks. Input 'image' float32 [N, C, H, W] of preprocessed pixels, output 'probabilities' [N, classes],",
                "with the class names, preprocessing, Tailor version and each network's weights' SHA-256 as metadata; ONNX",
                "Runtime, onnxruntime-node, OpenVINO and Triton run it (docs/onnx.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor export --model runs/seed-cnn/model --output seed-cnn.safetensors",
                "  tailor export --model runs/seed-cnn/model --format onnx \\",
                "      --output seed-cnn.onnx",
                "  tailor export --model runs/ensemble --format onnx --output ensemble.onnx"})
final class ExportCommand implements Callable<Integer> {
    static final String SAFETENSORS = "safetensors";

    @CommandLine.Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A model directory written by train, or an ensemble's (onnx only).")
    Path model;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = SAFETENSORS,
            description = "safetensors or onnx (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Option(names = "--output", paramLabel = "FILE", required = true, description = "The file to write.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ModelStore models;

    @Inject
    Backends backends;

    @Override
    public Integer call() {
        // The format is checked before the model is read: a typo should not cost a load.
        Optional<ExportingBackend> exporter = exporter();
        ServableModel saved = models.open(model);
        exporter.ifPresentOrElse(e -> AtomicFiles.write(output, e.export(saved.average(), models.exportMetadata(model, saved))),
                () -> models.exportWeights(output, oneNetwork(saved)));
        List<NetworkAverage.Network> networks = saved.average().networks();
        long parameters = networks.stream().mapToLong(n -> n.spec().parameterCount()).sum();
        String what = networks.size() == 1
                ? networks.get(0).weights().tensors().size() + " tensors, " + String.format("%,d", parameters) + " parameters of "
                        + saved.name() + (exporter.isPresent() ? tta(networks.get(0).tta()) : "")
                : "an ensemble of " + networks.size() + " networks, " + String.format("%,d", parameters) + " parameters in all";
        spec.commandLine().getOut().printf("wrote %s (%s): %s%n", output, format, what);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String tta(TestTimeAugmentation tta) {
        return switch (tta) {
            case NONE -> "";
            case FLIP -> ", averaged with its mirror image as Tailor predicts";
        };
    }

    /** safetensors holds one network's weights: an ensemble is refused, naming what to do instead. */
    private SavedModel oneNetwork(ServableModel saved) {
        return saved.accept(new ServableModel.Visitor<>() {
            @Override
            public SavedModel single(SavedModel single) {
                return single;
            }

            @Override
            public SavedModel ensemble(SavedEnsemble ensemble) {
                throw new InvalidInputException(model + ": an ensemble, and safetensors holds one network's weights; export it with "
                        + "--format onnx, or export one of its members (e.g. " + ensemble.memberDirectories().get(0) + ")");
            }
        });
    }

    /** The backend that writes the format; none for safetensors, which the model store writes itself. */
    private Optional<ExportingBackend> exporter() {
        if (format.equals(SAFETENSORS)) {
            return Optional.empty();
        }
        if (!backends.exportFormats().contains(format)) {
            List<String> formats = new ArrayList<>(List.of(SAFETENSORS));
            formats.addAll(backends.exportFormats());
            throw new InvalidInputException("unknown --format '" + format + "'; expected one of: " + String.join(", ", formats));
        }
        return Optional.of(backends.exporter(format));
    }
}
