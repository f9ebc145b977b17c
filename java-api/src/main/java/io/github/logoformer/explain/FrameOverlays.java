package io.github.logoformer.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Draws a clip's frames in a row, then one row per map with the map upsampled (bilinear) and blended
 * over each frame: the layout of the Grad-CAM and attention figures.
 */
final class FrameOverlays {
    static final int TILE = 112;
    private static final int GAP = 6, MARGIN = 10, LABEL = 18, CAPTION = 16;
    private static final double ALPHA = 0.5;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /**
     * One row of maps.
     *
     * @param maps [F, h, w], any float dtype
     * @param full the value drawn at the top of the colour ramp (the row's or the figure's maximum)
     * @param captions one per frame, under its tile
     */
    record Row(String label, Tensor maps, double full, List<String> captions) {}

    private FrameOverlays() {}

    static BufferedImage render(String title, List<BufferedImage> frames, List<String> frameCaptions, List<Row> rows) {
        int n = frames.size();
        int width = 2 * MARGIN + n * TILE + (n - 1) * GAP;
        int rowHeight = LABEL + TILE + CAPTION;
        int height = MARGIN + LABEL + (rows.size() + 1) * rowHeight + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        g.drawString(title, MARGIN, MARGIN + 13);
        int y = MARGIN + LABEL;
        BufferedImage[] tiles = new BufferedImage[n];
        for (int f = 0; f < n; f++) {
            tiles[f] = scaled(frames.get(f));
        }
        drawRow(g, y, "input frames (as the model sees them)", tiles, frameCaptions);
        for (Row row : rows) {
            y += rowHeight;
            float[][] heat = upsampled(row.maps(), n);
            BufferedImage[] blended = new BufferedImage[n];
            for (int f = 0; f < n; f++) {
                blended[f] = blend(tiles[f], heat[f], row.full());
            }
            drawRow(g, y, row.label(), blended, row.captions());
        }
        g.dispose();
        return image;
    }

    private static void drawRow(Graphics2D g, int y, String label, BufferedImage[] tiles, List<String> captions) {
        g.setColor(Color.BLACK);
        g.setFont(TEXT_FONT);
        g.drawString(label, MARGIN, y + 13);
        for (int f = 0; f < tiles.length; f++) {
            int x = MARGIN + f * (TILE + GAP);
            g.drawImage(tiles[f], x, y + LABEL, null);
            g.setColor(Color.DARK_GRAY);
            g.drawString(captions.get(f), x + 2, y + LABEL + TILE + 12);
        }
    }

    private static BufferedImage scaled(BufferedImage frame) {
        BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, TILE, TILE, null);
        g.dispose();
        return tile;
    }

    /** Maps [F, h, w] to F arrays of TILE x TILE values (bilinear, half-pixel centres). */
    private static float[][] upsampled(Tensor maps, int frames) {
        Tensor up = torch.upsample_bilinear2d(maps.detach().to(torch.ScalarType.Float).unsqueeze(1),
                new long[] {TILE, TILE}, false).contiguous();
        float[] flat = new float[frames * TILE * TILE];
        up.data_ptr_float().get(flat);
        float[][] out = new float[frames][TILE * TILE];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(flat, f * TILE * TILE, out[f], 0, TILE * TILE);
        }
        return out;
    }

    private static BufferedImage blend(BufferedImage tile, float[] heat, double full) {
        BufferedImage out = new BufferedImage(TILE, TILE, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < heat.length; i++) {
            int x = i % TILE, y = i / TILE;
            int base = tile.getRGB(x, y), over = HeatColors.rgb(full > 0 ? heat[i] / full : 0);
            int rgb = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                double mixed = (1 - ALPHA) * ((base >> shift) & 0xff) + ALPHA * ((over >> shift) & 0xff);
                rgb |= (int) Math.round(mixed) << shift;
            }
            out.setRGB(x, y, rgb);
        }
        return out;
    }
}
