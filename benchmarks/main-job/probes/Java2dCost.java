import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
/** Which Java2D steps cost what at 64 px (thread CPU per frame). */
public class Java2dCost {
    public static void main(String[] a) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 3000, size = 64;
        for (int rep = 0; rep < 2; rep++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); Graphics2D g = im.createGraphics(); g.dispose(); }
            long t1 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); Graphics2D g = im.createGraphics();
                g.setPaint(new GradientPaint(0, 0, Color.RED, size, size, Color.BLUE)); g.fillRect(0, 0, size, size); g.dispose(); }
            long t2 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); Graphics2D g = im.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.translate(32, 32); g.scale(19, 19);
                g.setColor(Color.ORANGE); g.fill(new Ellipse2D.Double(-1, -1.3, 2, 2.6));
                for (int k = 0; k < 8; k++) { g.setColor(Color.WHITE); g.fill(new Ellipse2D.Double(-0.5 + 0.1 * k, -0.3, 0.3, 0.2)); }
                g.dispose(); }
            long t3 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB); Graphics2D g = im.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.translate(32, 32); g.scale(19, 19);
                g.setStroke(new BasicStroke(0.09f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int k = 0; k < 5; k++) g.draw(new Line2D.Double(-0.5, 0.1 * k, 0.5, 0.1 * k + 0.05));
                g.dispose(); }
            long t4 = bean.getCurrentThreadCpuTime();
            System.out.printf("per frame ms: image+graphics %.3f, gradient fill %.3f, 9 AA ellipses %.3f, 5 AA strokes %.3f%n",
                (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n);
        }
    }
}
