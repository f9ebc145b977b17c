package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves PNG: two 440 x 320 panels at 144 dpi, drawn also when a metric is undefined (NaN). */
class TrainingCurvesPlotTest {
    @TempDir
    Path dir;

    @Test
    void writesTwoPanelsAt144Dpi() throws Exception {
        List<EpochRecord> history = new ArrayList<>();
        for (int e = 1; e <= 30; e++) {
            history.add(new EpochRecord(e, 2.0 / e, 0.01, e == 3 ? Double.NaN : 0.2 + e / 60.0, 0.15 + e / 70.0, 1.5));
        }
        Path png = dir.resolve("curves.png");
        TrainingCurvesPlot.write(png, history, 7);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * 440 * 2, image.getWidth());
        assertEquals(320 * 2, image.getHeight());
        assertThrows(IllegalArgumentException.class, () -> TrainingCurvesPlot.write(png, List.of(), 7));
    }
}
