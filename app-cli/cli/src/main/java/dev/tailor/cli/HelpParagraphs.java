package dev.tailor.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help texts are written a sentence or two per line of source, but picocli keeps every line of source a line of output
 * and wraps each on its own, so at 80 columns they come out ragged. This joins consecutive lines into paragraphs for
 * picocli to wrap to the terminal's width. Blank and indented lines (lists, tables, examples) keep their own line.
 */
final class HelpParagraphs {
    private HelpParagraphs() {
    }

    /** Every command's description and footer and every option's description, from here down; help as wide as the terminal. */
    static void apply(CommandLine cli) {
        cli.setUsageHelpAutoWidth(true);
        cli.setHelpFactory((spec, colours) -> new Help(spec, colours) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer lines = super.createDefaultOptionRenderer();
                // A copy renders unbound to its command: only options written over several lines need one.
                return (option, labels, scheme) -> lines.render(option.description().length < 2 ? option
                        : option.toBuilder().description(paragraphs(option.description())).build(), labels, scheme);
            }
        });
        joinTexts(cli);
    }

    private static void joinTexts(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(paragraphs(usage.description()));
        usage.footer(paragraphs(usage.footer()));
        cli.getSubcommands().values().stream().distinct().forEach(HelpParagraphs::joinTexts);
    }

    static String[] paragraphs(String[] lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                flush(paragraph, joined);
                joined.add(line);
                continue;
            }
            paragraph.append(paragraph.isEmpty() ? "" : " ").append(line);
            if (line.endsWith("%n")) {
                flush(paragraph, joined);
            }
        }
        flush(paragraph, joined);
        return joined.toArray(String[]::new);
    }

    private static void flush(StringBuilder paragraph, List<String> joined) {
        if (!paragraph.isEmpty()) {
            joined.add(paragraph.toString());
            paragraph.setLength(0);
        }
    }
}
