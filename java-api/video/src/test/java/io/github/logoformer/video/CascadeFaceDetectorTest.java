package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.Test;

/** The shipped Haar cascade on rendered faces whose boxes are known, and on frames with no face. */
class CascadeFaceDetectorTest {
    private final Java2DFrameConverter java2d = new Java2DFrameConverter();
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * 20 scenes (320 x 240, and 480 x 640 which the detector scales down; faces of 35-70 % of the short side;
     * random identity, expression, lighting; bright skin). The box is about 1.3 times the ellipse's width and
     * as tall, its centre a little above the ellipse's (what {@link FaceCropper} corrects for).
     */
    @Test
    void findsMostRenderedFacesWhereTheyAre() {
        Random r = new Random(11);
        int found = 0, scenes = 20;
        List<Double> widthRatio = new ArrayList<>(), centreShift = new ArrayList<>();
        try (CascadeFaceDetector detector = new CascadeFaceDetector(320)) {
            for (int i = 0; i < scenes; i++) {
                boolean portrait = i % 2 == 1;
                var person = new SyntheticVideo.Person(r, portrait ? 480 : 320, portrait ? 640 : 240, 0.35 + 0.35 * r.nextDouble());
                SyntheticVideo.Scene scene = person.frame(r.nextInt(16), 16, true, r);
                FaceBox truth = scene.face();
                FaceBox best = null;
                for (FaceBox f : detector.detect(toMat.convert(java2d.convert(scene.image())))) {
                    if (best == null || f.iou(truth) > best.iou(truth)) {
                        best = f;
                    }
                }
                if (best != null && best.iou(truth) >= 0.3) {
                    found++;
                    widthRatio.add(best.width() / truth.width());
                    centreShift.add((best.centreY() - truth.centreY()) / truth.height());
                }
            }
        }
        System.out.println("cascade: found " + found + " of " + scenes + " rendered faces");
        assertTrue(found >= 15, "found " + found + " of " + scenes + " rendered faces");
        assertEquals(1.3, median(widthRatio), 0.15, "box width over the face ellipse's width");
        assertEquals(-FaceCropper.DROP, median(centreShift), 0.05, "box centre above the ellipse's centre, in face heights");
    }

    @Test
    void findsNothingWithoutAFace() {
        Random r = new Random(5);
        try (CascadeFaceDetector detector = new CascadeFaceDetector(320)) {
            for (int i = 0; i < 10; i++) {
                var person = new SyntheticVideo.Person(r, 320, 240, 0.5);
                assertEquals(List.of(), detector.detect(toMat.convert(java2d.convert(person.frame(0, 1, false, r).image()))));
            }
        }
    }
}
