package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.domain.testing.IdxWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OtherCommandsTest {
    @TempDir
    Path dir;

    @Test
    void summaryPrintsTheLayerTableAndParameterCount() {
        Cli.Result result = Cli.run("summary");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("conv2d (Conv2D)", "(None, 32, 26, 26)", "Total params: 121,930");
    }

    @Test
    void summaryNestsResidualBlocksAndCountsWhatTrainingDoesNotUpdate() {
        Cli.Result result = Cli.run("summary", "--config", Path.of(System.getProperty("tailor.configs"), "resnet-small.json").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                " residual_1 (Residual)", "   conv2d_3 (Conv2D)", "   shortcut: conv2d_5 (Conv2D)", "(None, 64, 7, 7)",
                "Total params: 108,592", "Trainable params: 108,010", "Non-trainable params: 582");
    }

    @Test
    void summaryRejectsABadConfig() {
        Cli.Result result = Cli.run("summary", "--config", dir.resolve("nope.json").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("tailor: error: " + dir.resolve("nope.json") + ": config file not found");
    }

    @Test
    void datasetShowsCountsBalanceAndChecksums() throws Exception {
        IdxWriter.fashionMnistLike(dir, 120, 30);

        Cli.Result result = Cli.run("dataset", "--dir", dir.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("train: 120 images of 1x28x28", "test:  30 images of 1x28x28")
                .containsPattern("Ankle boot +12 +10\\.00% +3 +10\\.00%");
        byte[] file = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte.gz"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(result.out()).contains(sha + "  train-images-idx3-ubyte.gz (" + String.format("%,d", file.length) + " bytes)");
    }

    @Test
    void versionAndHelpWorkEverywhere() {
        assertThat(Cli.run("--version").out()).startsWith("Tailor 0.1.0-SNAPSHOT");
        assertThat(Cli.run("train", "--version").exitCode()).isZero();
        Cli.Result help = Cli.run("train", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--config", "--backend", "--epochs", "--batch-size", "--seed", "--train-limit",
                "--test-limit", "--output");
        assertThat(Cli.run().out()).contains("Commands:", "train", "summary", "dataset");
    }
    /**
     * Help is written a sentence or two per line of source; it must come out as paragraphs wrapped to 80 columns, not
     * as source lines each wrapped on its own (which left a short ragged line after nearly every long one).
     */
    @Test
    void everyCommandsHelpIsParagraphsWrappedToEightyColumns() {
        List<String> commands = new ArrayList<>();
        for (Class<?> command : TailorCli.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            commands.add(command.getAnnotation(CommandLine.Command.class).name());
        }
        assertThat(commands).contains("train", "compare", "serve", "help");
        for (String command : commands) {
            Cli.Result help = Cli.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            List<String> lines = help.out().lines().toList();
            assertThat(lines).as(command).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
            // The description: from after the synopsis to the first option.
            int start = 1;
            while (start < lines.size() && lines.get(start).startsWith(" ")) {
                start++;
            }
            for (int i = start; i + 1 < lines.size() && !lines.get(i + 1).matches(" {2}-.*| {6}--.*"); i++) {
                String line = lines.get(i);
                String next = lines.get(i + 1);
                boolean continues = !line.isBlank() && !line.startsWith(" ") && !next.isBlank() && !next.startsWith(" ");
                if (continues) {
                    assertThat(line.length()).as("%s: a line of a paragraph cut short:%n%s%n%s", command, line, next)
                            .isGreaterThan(60);
                }
            }
        }
        assertThat(Cli.run("compare", "--help").out()).contains(String.format(
                "Trains the same spec on several backends, once per seed, each backend starting%nfrom the same weights"));
    }

    /** The JDK's line breaker, which picocli wraps with, breaks after a dot inside a word: "config." then "json". */
    @Test
    void fileNamesAndNumbersInHelpStayWhole() {
        CommandLine source = new CommandLine(new TailorCli());
        Pattern dotted = Pattern.compile("[\\w/-]+(\\.[\\w-]+)+");
        List<String> checked = new ArrayList<>();
        for (CommandLine command : source.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = command.getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            spec.options().forEach(option -> texts.addAll(List.of(option.description())));
            String help = Cli.run(command.getCommandName(), "--help").out().replaceAll("\\s*\\R\\s*", " ");
            for (String text : texts) {
                for (Matcher word = dotted.matcher(text); word.find(); checked.add(word.group())) {
                    assertThat(help).as(command.getCommandName()).contains(word.group());
                }
            }
        }
        assertThat(checked).contains("config.json", "metrics.json", "configs/best-cpu.json");
    }

    @Test
    void paragraphsJoinSourceLinesButKeepBlankAndIndentedOnes() {
        assertThat(HelpParagraphs.paragraphs(new String[] {"One sentence", "goes on.", "", "  an example", "Then%n", "more."}))
                .containsExactly("One sentence goes on.", "", "  an example", "Then%n", "more.");
    }
}
