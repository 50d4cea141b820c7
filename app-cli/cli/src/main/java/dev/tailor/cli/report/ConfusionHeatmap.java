package dev.tailor.cli.report;

import dev.tailor.domain.evaluation.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The confusion matrix as a labelled heat map: rows are true classes, columns predicted ones, each cell shows its
 * count, and its colour is the share of its row, so every class reads on the same scale whatever its size.
 * Drawn with Java2D: XChart's heat map colours a cell by the very number it prints.
 */
public final class ConfusionHeatmap {
    private static final int CELL = 62;
    private static final int LEFT = 120;
    private static final int TOP = 70;
    private static final int BOTTOM = 130;
    private static final Color LOW = new Color(247, 251, 255);
    private static final Color HIGH = new Color(8, 48, 107);

    private ConfusionHeatmap() {
    }

    public static BufferedImage render(ConfusionMatrix matrix) {
        int n = matrix.classes();
        BufferedImage image = new BufferedImage(LEFT + n * CELL + 30, TOP + n * CELL + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Confusion matrix (rows: true class, colour: share of the row)", 10, 30);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics metrics = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            long support = Math.max(1, matrix.support(t));
            for (int p = 0; p < n; p++) {
                double share = (double) matrix.count(t, p) / support;
                int x = LEFT + p * CELL;
                int y = TOP + t * CELL;
                g.setColor(blend(share));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String count = String.valueOf(matrix.count(t, p));
                g.drawString(count, x + (CELL - metrics.stringWidth(count)) / 2, y + CELL / 2 + metrics.getAscent() / 2 - 2);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, n * CELL, n * CELL);
        g.setColor(Color.BLACK);
        for (int c = 0; c < n; c++) {
            String name = matrix.classNames().get(c);
            g.drawString(name, LEFT - 8 - metrics.stringWidth(name), TOP + c * CELL + CELL / 2 + metrics.getAscent() / 2 - 2);
            AffineTransform saved = g.getTransform();
            g.rotate(Math.toRadians(-45), LEFT + c * CELL + CELL / 2.0, TOP + n * CELL + 12);
            g.drawString(name, LEFT + c * CELL + CELL / 2 - metrics.stringWidth(name), TOP + n * CELL + 12 + metrics.getAscent());
            g.setTransform(saved);
        }
        g.drawString("predicted class", LEFT + n * CELL / 2 - 50, image.getHeight() - 12);
        g.dispose();
        return image;
    }

    private static Color blend(double share) {
        double s = Math.sqrt(Math.max(0, Math.min(1, share)));  // Small confusions stay visible.
        return new Color(
                (int) Math.round(LOW.getRed() + s * (HIGH.getRed() - LOW.getRed())),
                (int) Math.round(LOW.getGreen() + s * (HIGH.getGreen() - LOW.getGreen())),
                (int) Math.round(LOW.getBlue() + s * (HIGH.getBlue() - LOW.getBlue())));
    }
}
