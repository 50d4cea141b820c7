package dev.tailor.cli.report;

import dev.tailor.domain.data.Image;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Images in a grid with captions under each, as the reference notebook shows its samples. */
public final class ImageGrid {
    /** Each picture is drawn about this wide: 28 pixels 4 times over, larger images fewer times. */
    private static final int PICTURE = 112;
    private static final int GAP = 10;
    private static final int LINE = 16;

    /** One picture and the lines of text under it. */
    public record Cell(Image image, List<String> caption) {
    }

    private ImageGrid() {
    }

    /** Cells row by row, {@code columns} wide, under a title; gray levels (0 black, 1 white), or colour for three channels. */
    public static BufferedImage render(String title, List<Cell> cells, int columns, List<String> rowLabels) {
        int side = cells.get(0).image().shape().width() * scale(cells.get(0).image());
        int captionLines = cells.stream().mapToInt(c -> c.caption().size()).max().orElse(0);
        // Captions need room to be read; bare pictures sit close together.
        int cellWidth = (captionLines > 0 ? Math.max(side, 150) : side) + GAP;
        int cellHeight = side + captionLines * LINE + GAP;
        int rows = (cells.size() + columns - 1) / columns;
        int left = rowLabels.isEmpty() ? GAP : 110;
        BufferedImage out = new BufferedImage(left + columns * cellWidth, 40 + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, GAP, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < cells.size(); i++) {
            int x = left + (i % columns) * cellWidth + (cellWidth - GAP - side) / 2;
            int y = 40 + (i / columns) * cellHeight;
            g.drawImage(scaled(cells.get(i).image()), x, y, null);
            List<String> caption = cells.get(i).caption();
            for (int l = 0; l < caption.size(); l++) {
                String text = caption.get(l);
                g.drawString(text, x + (side - metrics.stringWidth(text)) / 2, y + side + (l + 1) * LINE - 3);
            }
        }
        for (int r = 0; r < rowLabels.size() && r < rows; r++) {
            g.drawString(rowLabels.get(r), GAP, 40 + r * cellHeight + side / 2);
        }
        g.dispose();
        return out;
    }

    private static int scale(Image image) {
        return Math.max(1, PICTURE / image.shape().width());
    }

    /** Nearest-neighbour enlargement, so each pixel stays a crisp square. */
    private static BufferedImage scaled(Image image) {
        int w = image.shape().width();
        int h = image.shape().height();
        int scale = scale(image);
        int plane = w * h;
        boolean colour = image.shape().channels() == 3;
        float[] pixels = image.pixels();
        BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int p = (y / scale) * w + x / scale;
                int r = level(pixels[p]);
                out.setRGB(x, y, colour ? r << 16 | level(pixels[plane + p]) << 8 | level(pixels[2 * plane + p]) : r << 16 | r << 8 | r);
            }
        }
        return out;
    }

    private static int level(float value) {
        return Math.round(Math.max(0, Math.min(1, value)) * 255);
    }
}
