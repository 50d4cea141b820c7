package dev.tailor.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help texts are written a sentence or two per line of source, but picocli keeps every line of source a line of output
 * and wraps each on its own, so at 80 columns they come out ragged. This joins consecutive lines into paragraphs for
 * picocli to wrap to the terminal's width. Blank and indented lines (lists, tables, examples) keep their own line.
 * <p>
 * picocli wraps with the JDK's line breaker, which breaks after a dot inside a word ("config." then "json" on the next
 * line). Such dots wait out the wrapping as a private-use character that it does not break after, and are put back in
 * each rendered help section.
 */
final class HelpParagraphs {
    private static final char UNBROKEN_DOT = '\uE000';
    private static final Pattern DOT_IN_WORD = Pattern.compile("(?<=\\S)\\.(?=\\w)");

    private HelpParagraphs() {
    }

    /** Every command's description and footer and every option's description, from here down; help as wide as the terminal. */
    static void apply(CommandLine cli) {
        cli.setUsageHelpAutoWidth(true);
        cli.setHelpFactory((spec, colours) -> new Help(spec, colours) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer lines = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> {
                    String[] description = paragraphs(option.description());
                    // A copy renders unbound to its command: only options whose text changes need one.
                    return lines.render(Arrays.equals(description, option.description()) ? option
                            : option.toBuilder().description(description).build(), labels, scheme);
                };
            }
        });
        joinTexts(cli);
    }

    private static void joinTexts(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(paragraphs(usage.description()));
        usage.footer(paragraphs(usage.footer()));
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(cli.getHelpSectionMap());
        sections.replaceAll((key, section) -> help -> section.render(help).replace(UNBROKEN_DOT, '.'));
        cli.setHelpSectionMap(sections);
        cli.getSubcommands().values().stream().distinct().forEach(HelpParagraphs::joinTexts);
    }

    /** The lines as paragraphs, their in-word dots held together until rendered. */
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
            joined.add(DOT_IN_WORD.matcher(paragraph).replaceAll(String.valueOf(UNBROKEN_DOT)));
            paragraph.setLength(0);
        }
    }
}
