import io.github.logoformer.data.*;
import java.awt.image.BufferedImage;
import java.util.Random;
import javax.imageio.ImageIO;
/** Thread-CPU per frame of render (incl. light+noise) and JPEG encode, warm. */
public class GenParts {
    public static void main(String[] a) throws Exception {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        int size = Integer.parseInt(a[0]), n = 2000;
        Random r = new Random(1);
        var who = FaceRenderer.Identity.random(r);
        var where = new FaceRenderer.Placement(0.5, 0.5, 0.3, 0.05, 1, 1, 5);
        var noNoise = new FaceRenderer.Placement(0.5, 0.5, 0.3, 0.05, 1, 1, 0);
        ImageIO.setUseCache(false);
        for (int rep = 0; rep < 2; rep++) {
            long t0 = bean.getCurrentThreadCpuTime();
            BufferedImage im = null;
            for (int i = 0; i < n; i++) im = FaceRenderer.render(size, who, FacePose.apex(Expression.HAPPY), where, r);
            long t1 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) im = FaceRenderer.render(size, who, FacePose.apex(Expression.HAPPY), noNoise, r);
            long t2 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { var bos = new java.io.ByteArrayOutputStream(); ImageIO.write(im, "jpg", bos); }
            long t3 = bean.getCurrentThreadCpuTime();
            java.io.File f = java.io.File.createTempFile("frame", ".jpg", new java.io.File("runs"));
            for (int i = 0; i < n; i++) { ImageIO.write(im, "jpg", f); }
            long t4 = bean.getCurrentThreadCpuTime();
            f.delete();
            System.out.printf("size %d per frame: render+noise %.3f ms, render (noise 0, still gaussians) %.3f ms, jpeg to memory %.3f ms, jpeg to file %.3f ms%n", size,
                    (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n);
        }
    }
}
