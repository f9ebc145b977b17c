package io.github.logoformer.eval;

import io.github.logoformer.run.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look of every chart the library draws with XChart (training curves, timelines, embeddings, bar
 * charts) and how they become PNG files: one style, one palette, panels side by side at 144 dpi,
 * written through {@link AtomicFiles}. Why XChart and not the hand-drawn Java2D of 0.1: nice axis
 * ticks, grids and legends for no code of our own (README, "Charts"); the confusion matrix stays
 * hand-drawn because it shows a count and a row share in every cell, which XChart's heat map cannot.
 */
public final class Charts {
    /** Matplotlib's tab10, so that class colours look familiar. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};
    private static final int DPI = 144;

    private Charts() {}

    /** The colour of class (or series) {@code index}. */
    public static Color color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Applies the common style to a chart's styler. */
    public static <S extends Styler> S style(S s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setLegendBorderColor(new Color(0xcccccc));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setXAxisTickMarkSpacingHint(60);
        }
        return s;
    }

    /** Gives a series one colour for its line, markers and fill. */
    public static XYSeries colored(XYSeries series, Color c) {
        series.setLineColor(c);
        series.setMarkerColor(c);
        series.setFillColor(c);
        return series;
    }

    /** A dashed grey horizontal reference line (a chance level) from x0 to x1, in the legend as {@code label}. */
    public static void referenceLine(XYChart chart, String label, double x0, double x1, double y) {
        XYSeries line = chart.addSeries(label, new double[] {x0, x1}, new double[] {y, y});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
        line.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f));
    }

    /**
     * XChart puts a tick on nearly every sample when the x values are equally spaced (epochs, windows;
     * its issue #731) and ignores the spacing hint; one hidden point off the grid restores readable ticks.
     */
    public static void readableXTicks(XYChart chart, double x, double y) {
        XYSeries hidden = chart.addSeries(" ", new double[] {x}, new double[] {y});
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setShowInLegend(false);
        hidden.setLineColor(new Color(0, 0, 0, 0));
    }

    /** Draws {@code charts} side by side (all of the first one's size) into one PNG at 144 dpi, atomically. */
    public static void writePng(Path png, List<? extends Chart<?, ?>> charts) {
        AtomicFiles.write(png, file -> ImageIO.write(render(charts), "png", file.toFile()));
    }

    /** The image {@link #writePng} writes. */
    public static BufferedImage render(List<? extends Chart<?, ?>> charts) {
        double scale = DPI / 72.0;
        int w = charts.get(0).getWidth(), h = charts.get(0).getHeight();
        BufferedImage image = new BufferedImage((int) (charts.size() * w * scale), (int) (h * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(scale, scale);
        for (int i = 0; i < charts.size(); i++) {
            AffineTransform saved = g.getTransform();
            g.translate(i * w, 0);
            charts.get(i).paint(g, w, h);
            g.setTransform(saved);
        }
        g.dispose();
        return image;
    }
}
