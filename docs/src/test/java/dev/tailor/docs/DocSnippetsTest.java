package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java in the docs is the Java the examples compile and their tests run: every {@code ```java} block in docs/*.md
 * and the README is marked {@code <!-- snippet: File.java#region -->} and equals that region of the example, marked as
 * the JDK's javadoc snippets mark theirs ({@code // @start region="name"} ... {@code // @end region="name"}).
 */
class DocSnippetsTest {
    private static final Path DOCS = Path.of(System.getProperty("tailor.docs", "."));
    private static final Path EXAMPLES = DOCS.resolve("src/main/java/dev/tailor/docs");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\w+\\.java)#([\\w-]+) -->");

    @Test
    void everyJavaBlockInTheDocsIsARegionOfACompiledExample() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                String where = DOCS.relativize(page) + ":" + (i + 1);
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                String block = String.join("\n", lines.subList(i + 1, end));
                Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1) : "");
                if (!marker.matches()) {
                    wrong.add(where + ": a Java block without <!-- snippet: File.java#region --> on the line above");
                } else {
                    String region = region(EXAMPLES.resolve(marker.group(1)), marker.group(2));
                    if (!dedented(block).equals(region)) {
                        wrong.add(where + ": differs from " + marker.group(1) + "#" + marker.group(2) + ", which reads:\n" + region);
                    }
                }
                checked++;
                i = end;
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).as("Java blocks checked").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aRegionIsFoundDedentedAndWithoutItsMarkers() throws IOException {
        assertThat(region(EXAMPLES.resolve("ClassifyImageFiles.java"), "classify-files")).startsWith("try (").contains("\n    ");
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> pages = Files.list(DOCS)) {
            List<Path> all = new ArrayList<>(pages.filter(p -> p.toString().endsWith(".md")).sorted().toList());
            all.add(DOCS.resolve("../README.md").normalize());
            return all;
        }
    }

    /** The lines between the region's markers, dedented; the empty string where the file or region is missing. */
    private static String region(Path example, String name) throws IOException {
        if (!Files.exists(example)) {
            return "";
        }
        List<String> lines = Files.readAllLines(example);
        int start = lines.stream().map(String::strip).toList().indexOf("// @start region=\"" + name + "\"");
        int end = lines.stream().map(String::strip).toList().indexOf("// @end region=\"" + name + "\"");
        return start < 0 || end < start ? "" : dedented(String.join("\n", lines.subList(start + 1, end)));
    }

    private static String dedented(String text) {
        int indent = text.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", text.lines().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList());
    }
}
