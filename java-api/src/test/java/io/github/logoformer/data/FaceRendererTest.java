package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The regions {@link FaceRenderer#regions} reports are where the frame shows each part. */
class FaceRendererTest {
    private static final int SIZE = 128;
    private static final Color SKIN = new Color(200, 120, 80), FEATURES = new Color(0, 0, 255);

    @Test
    void eachRegionHoldsThePixelsOfItsPartAndTheBackgroundLiesOutsideTheFace() {
        Random random = new Random(3);
        for (Expression expression : Expression.values()) {
            FaceRenderer.Identity drawn = FaceRenderer.Identity.random(random);
            // Plain colours that tell the parts apart: black background, orange skin, blue features, white eyes.
            var who = new FaceRenderer.Identity(SKIN, Color.BLACK, Color.BLACK, FEATURES, drawn.aspect(), drawn.eyeSpacing(),
                    drawn.eyeSize(), drawn.mouthHeight(), drawn.resting());
            FacePose pose = FacePose.apex(expression).plus(who.resting());
            var where = new FaceRenderer.Placement(0.5 + 0.05 * random.nextGaussian(), 0.5, 0.3, 0.2 * random.nextGaussian(),
                    1, 0, 0);
            BufferedImage frame = FaceRenderer.render(SIZE, who, pose, where, random);
            FaceRenderer.Regions regions = FaceRenderer.regions(SIZE, who, pose, where);
            String name = expression.displayName();
            assertTrue(share(frame, regions.face(), true, FaceRendererTest::isBackground) < 0.01, name + ": background inside the face");
            assertTrue(share(frame, regions.face(), false, FaceRendererTest::isBackground) > 0.97, name + ": face outside its ellipse");
            assertTrue(share(frame, regions.eyes(), true, p -> isWhite(p) || isFeature(p)) > 0.8, name + ": eyes");
            assertTrue(share(frame, regions.brows(), true, FaceRendererTest::isFeature) > 0.6, name + ": brows");
            assertTrue(share(frame, regions.mouth(), true, p -> isFeature(p) || isOpening(p)) > 0.6, name + ": mouth");
        }
    }

    /** The share of pixels (by centre) inside (or outside) {@code region} that pass {@code test}. */
    private static double share(BufferedImage frame, Shape region, boolean inside, java.util.function.IntPredicate test) {
        int count = 0, passed = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (region.contains(x + 0.5, y + 0.5) == inside) {
                    count++;
                    passed += test.test(frame.getRGB(x, y)) ? 1 : 0;
                }
            }
        }
        return passed / (double) count;
    }

    private static int r(int p) {
        return (p >> 16) & 0xff;
    }

    private static int g(int p) {
        return (p >> 8) & 0xff;
    }

    private static int b(int p) {
        return p & 0xff;
    }

    private static boolean isBackground(int p) {
        return Math.max(r(p), Math.max(g(p), b(p))) < 40;
    }

    private static boolean isFeature(int p) {
        return b(p) > 100 && b(p) > 1.5 * r(p);
    }

    private static boolean isWhite(int p) {
        return Math.min(r(p), Math.min(g(p), b(p))) > 150 && Math.abs(r(p) - b(p)) < 40;
    }

    private static boolean isOpening(int p) {
        return r(p) > 30 && r(p) < 110 && g(p) < 40 && b(p) < 50;
    }
}
