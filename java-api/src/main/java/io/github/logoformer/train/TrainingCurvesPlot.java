package io.github.logoformer.train;

import io.github.logoformer.run.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * A PNG of a run's curves, drawn with Java2D: the mean training loss per epoch (left panel) and the
 * test WAR and UAR in percent (right panel, with the chance level 100 / classes dashed).
 */
public final class TrainingCurvesPlot {
    private static final int PANEL_W = 440, PANEL_H = 320, MARGIN = 50;

    private TrainingCurvesPlot() {}

    public static void write(Path png, List<EpochRecord> history, int classes) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("history: no epoch to plot");
        }
        BufferedImage image = new BufferedImage(2 * PANEL_W, PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        double maxLoss = history.stream().mapToDouble(EpochRecord::trainLoss).filter(Double::isFinite).max().orElse(1);
        Panel loss = new Panel(g, history.size(), 0, Math.max(maxLoss * 1.05, 1e-6), "training loss");
        loss.line(history, EpochRecord::trainLoss, new Color(0x1f77b4), "loss", 0);

        g.translate(PANEL_W, 0);
        Panel accuracy = new Panel(g, history.size(), 0, 100, "test recall (%)");
        accuracy.dashed(100.0 / classes, "chance");
        accuracy.line(history, r -> 100 * r.testWar(), new Color(0x2ca02c), "WAR", 0);
        accuracy.line(history, r -> 100 * r.testUar(), new Color(0xd62728), "UAR", 1);
        g.dispose();
        AtomicFiles.write(png, file -> ImageIO.write(image, "png", file.toFile()));
    }

    /** One panel's axes: x = epoch (1 at the left edge), y from yMin to yMax. */
    private record Panel(Graphics2D g, int epochs, double yMin, double yMax, String title) {
        Panel {
            int w = PANEL_W - 2 * MARGIN, h = PANEL_H - 2 * MARGIN;
            g.setColor(Color.BLACK);
            g.drawRect(MARGIN, MARGIN, w, h);
            g.drawString(title, MARGIN, MARGIN - 12);
            g.drawString("epoch", MARGIN + w / 2 - 15, PANEL_H - 12);
            for (int i = 0; i <= 4; i++) {
                double v = yMin + (yMax - yMin) * i / 4;
                int y = MARGIN + h - h * i / 4;
                g.drawLine(MARGIN - 4, y, MARGIN, y);
                g.drawString(String.format(Locale.ROOT, yMax > 10 ? "%.0f" : "%.2f", v), 6, y + 4);
            }
            int step = Math.max(1, epochs / 8);
            for (int e = 1; e <= epochs; e += step) {
                int x = (int) Math.round(xOf(e, epochs));
                g.drawLine(x, MARGIN + h, x, MARGIN + h + 4);
                g.drawString(Integer.toString(e), x - 4, MARGIN + h + 18);
            }
        }

        private static double xOf(double epoch, int epochs) {
            int w = PANEL_W - 2 * MARGIN;
            return MARGIN + (epochs == 1 ? w / 2.0 : w * (epoch - 1) / (epochs - 1));
        }

        private double yOf(double value) {
            int h = PANEL_H - 2 * MARGIN;
            return MARGIN + h - h * (value - yMin) / (yMax - yMin);
        }

        void line(List<EpochRecord> history, ToDoubleFunction<EpochRecord> value, Color color, String label, int slot) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (EpochRecord r : history) {
                double v = value.applyAsDouble(r);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = xOf(r.epoch(), epochs), y = yOf(v);
                g.fillOval((int) x - 3, (int) y - 3, 6, 6);
                if (started) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    started = true;
                }
            }
            g.draw(path);
            g.drawString(label, PANEL_W - MARGIN - 60, MARGIN + 16 + 16 * slot);
            g.setStroke(new BasicStroke(1f));
        }

        void dashed(double value, String label) {
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f));
            int y = (int) Math.round(yOf(value));
            g.drawLine(MARGIN, y, PANEL_W - MARGIN, y);
            g.drawString(label, MARGIN + 4, y - 4);
            g.setStroke(new BasicStroke(1f));
        }
    }
}
