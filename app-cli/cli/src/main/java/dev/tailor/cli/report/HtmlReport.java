package dev.tailor.cli.report;

import dev.tailor.domain.evaluation.ClassMetrics;
import dev.tailor.domain.evaluation.Evaluation;
import java.util.Base64;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** One self-contained HTML page: every image inline, no scripts, no external files. */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlReport preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** Markdown (headings, paragraphs, tables) rendered as HTML; raw HTML in it is escaped. */
    public HtmlReport markdown(String text) {
        List<Extension> extensions = List.of(TablesExtension.create());
        Node document = Parser.builder().extensions(extensions).build().parse(text);
        body.append(HtmlRenderer.builder().extensions(extensions).escapeHtml(true).build().render(document));
        return this;
    }

    /** A table; the first row is the header. */
    public HtmlReport table(List<List<String>> rows) {
        body.append("<table>\n");
        for (int r = 0; r < rows.size(); r++) {
            String cell = r == 0 ? "th" : "td";
            body.append("<tr>");
            for (String value : rows.get(r)) {
                body.append('<').append(cell).append('>').append(escape(value)).append("</").append(cell).append('>');
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    public HtmlReport image(String caption, byte[] png) {
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** Accuracy and macro averages, then precision, recall, F1 and support per class. */
    public HtmlReport metrics(Evaluation e) {
        table(List.of(
                List.of("test accuracy", "correct", "images", "macro precision", "macro recall", "macro F1", "test loss"),
                List.of(f4(e.accuracy()), String.valueOf(e.confusionMatrix().correct()), String.valueOf(e.confusionMatrix().total()),
                        f4(e.macroPrecision()), f4(e.macroRecall()), f4(e.macroF1()), f4(e.loss()))));
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("class", "precision", "recall (accuracy on the class)", "F1", "support"));
        for (ClassMetrics m : e.perClass()) {
            rows.add(List.of(m.className(), f4(m.precision()), f4(m.recall()), f4(m.f1()), String.valueOf(m.support())));
        }
        return table(rows);
    }

    public String render() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>
                body { font-family: sans-serif; margin: 2em auto; max-width: 1250px; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                th { background: #f0f4f8; }
                pre { background: #f6f8fa; padding: 1em; overflow-x: auto; }
                img { max-width: 100%%; border: 1px solid #ddd; }
                figure { margin: 1em 0; }
                </style></head>
                <body><h1>%s</h1>
                %s</body></html>
                """.formatted(escape(title), escape(title), body);
    }

    static String f4(double v) {
        return String.format("%.4f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
