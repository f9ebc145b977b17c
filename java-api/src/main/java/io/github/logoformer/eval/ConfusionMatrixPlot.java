package io.github.logoformer.eval;

import io.github.logoformer.run.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of a confusion matrix, drawn with Java2D: rows are true classes, columns predicted ones; each
 * cell's shade is its share of the row (the recall on the diagonal), its text the count and the share.
 */
public final class ConfusionMatrixPlot {
    private static final int CELL = 64, LEFT = 90, TOP = 70;

    private ConfusionMatrixPlot() {}

    public static void write(Path png, ConfusionMatrix matrix, List<String> classNames, String title) {
        int n = matrix.classes();
        if (classNames.size() != n) {
            throw new IllegalArgumentException("classNames: expected " + n + " names, got " + classNames.size());
        }
        long[][] counts = matrix.counts();
        BufferedImage image = new BufferedImage(LEFT + n * CELL + 20, TOP + n * CELL + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 20);
        g.drawString("predicted", LEFT + n * CELL / 2 - 25, 40);
        for (int i = 0; i < n; i++) {
            String name = classNames.get(i);
            g.drawString(name, LEFT + i * CELL + (CELL - metrics.stringWidth(name)) / 2, TOP - 8);
            g.drawString(name, LEFT - 8 - metrics.stringWidth(name), TOP + i * CELL + CELL / 2 + 4);
        }
        for (int t = 0; t < n; t++) {
            long support = matrix.support(t);
            for (int p = 0; p < n; p++) {
                double share = support == 0 ? 0 : counts[t][p] / (double) support;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(LEFT + p * CELL, TOP + t * CELL, CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String count = Long.toString(counts[t][p]);
                String percent = String.format(Locale.ROOT, "%.0f%%", 100 * share);
                g.drawString(count, LEFT + p * CELL + (CELL - metrics.stringWidth(count)) / 2, TOP + t * CELL + CELL / 2 - 2);
                g.drawString(percent, LEFT + p * CELL + (CELL - metrics.stringWidth(percent)) / 2, TOP + t * CELL + CELL / 2 + 14);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, n * CELL, n * CELL);
        g.drawString(String.format(Locale.ROOT, "WAR %.2f%%   UAR %.2f%%   (rows: true class)", 100 * matrix.war(),
                100 * matrix.uar()), LEFT, TOP + n * CELL + 30);
        g.dispose();
        AtomicFiles.write(png, file -> ImageIO.write(image, "png", file.toFile()));
    }
}
