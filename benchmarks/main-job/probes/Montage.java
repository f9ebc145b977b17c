import io.github.logoformer.data.*;
import java.awt.*;
import java.awt.image.BufferedImage;
import java.nio.file.*;
import java.util.*;
import java.util.List;
import javax.imageio.ImageIO;

/** Montage of synthetic clips: per class, N clips; per clip, 6 frames evenly spaced (first..last), at 48 px scaled x3. */
public class Montage {
    public static void main(String[] a) throws Exception {
        Path root = Path.of(a[0]);
        int perClass = Integer.parseInt(a[1]);
        List<ClipRecord> clips = DfewDataset.load(root, Split.TRAIN, 1);
        int cols = 6, cell = 48 * 2;
        BufferedImage out = new BufferedImage(cols * cell, 7 * perClass * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int[] seen = new int[7];
        for (ClipRecord c : clips) {
            if (seen[c.label()] >= perClass) continue;
            int row = c.label() * perClass + seen[c.label()]++;
            int n = c.frames().size();
            for (int k = 0; k < cols; k++) {
                BufferedImage im = ImageIO.read(c.frames().get((int) Math.round(k * (n - 1) / (double) (cols - 1))).toFile());
                BufferedImage small = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB); Graphics2D sg = small.createGraphics(); sg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR); sg.drawImage(im, 0, 0, 48, 48, null); sg.dispose();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR); g.drawImage(small, k * cell, row * cell, cell, cell, null);
            }
            g.setColor(Color.YELLOW);
            g.drawString(Expression.values()[c.label()].name() + " " + c.id(), 2, row * cell + 12);
        }
        ImageIO.write(out, "png", new java.io.File(a[2]));
    }
}
