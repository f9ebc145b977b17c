import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Makes a README-sized copy of a figure: {@code java docs/figures/Shrink.java IN.png OUT.png WIDTH} scales
 * the image down to WIDTH pixels (halving steps, then bilinear; never up) and keeps 4 bits per channel,
 * which PNG's deflate packs into a few tens of kB where the frames' pixel noise would otherwise not pack.
 */
public class Shrink {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java docs/figures/Shrink.java IN.png OUT.png WIDTH");
            System.exit(2);
        }
        BufferedImage image = ImageIO.read(new File(args[0]));
        if (image == null) {
            System.err.println(args[0] + ": not a readable image");
            System.exit(1);
        }
        int width = Math.min(Integer.parseInt(args[2]), image.getWidth());
        while (image.getWidth() / 2 >= width) {
            image = scaled(image, image.getWidth() / 2);
        }
        image = scaled(image, width);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y), out = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int level = Math.round(((rgb >> shift) & 0xff) / 17f);  // 16 levels: 0, 17, ..., 255
                    out |= (level * 17) << shift;
                }
                image.setRGB(x, y, out);
            }
        }
        File target = new File(args[1]);
        File temporary = new File(target.getParentFile(), "." + target.getName() + ".tmp");
        if (!ImageIO.write(image, "png", temporary) || !temporary.renameTo(target)) {
            System.err.println(args[1] + ": could not write it");
            System.exit(1);
        }
    }

    private static BufferedImage scaled(BufferedImage image, int width) {
        int height = Math.max(1, Math.round(image.getHeight() * (float) width / image.getWidth()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
