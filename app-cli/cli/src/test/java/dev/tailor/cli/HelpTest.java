package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help shows an example, and every option that has a default shows it. */
class HelpTest {
    private final CommandLine cli = new CommandLine(new TailorCli());

    @Test
    void everyCommandShowsAnExampleAndEveryDefault() {
        List<String> missing = new ArrayList<>();
        for (CommandLine command : cli.getSubcommands().values()) {
            String name = command.getCommandName();
            if (name.equals("help")) {
                continue;
            }
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (!usage.contains("Example")) {
                missing.add(name + ": no example");
            }
            for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                String value = option.defaultValue();
                if (value != null && !option.usageHelp() && !option.versionHelp()
                        && !String.join(" ", option.description()).contains("default: " + value + ")")) {
                    missing.add(name + " " + option.longestName() + ": default " + value + " not shown");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void completionCoversTheCommandsAndTheirOptions() {
        Cli.Result result = Cli.run("completion");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("complete -F _complete_tailor", "serve", "predict", "--engine-calls", "--export-images");
    }
}
