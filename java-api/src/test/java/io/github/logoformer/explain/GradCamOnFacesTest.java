package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.data.Expression;
import io.github.logoformer.data.FacePose;
import io.github.logoformer.data.FaceRenderer;
import io.github.logoformer.data.Split;
import io.github.logoformer.data.SyntheticDfew;
import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.nn.TrunkStage;
import io.github.logoformer.train.Trainer;
import io.github.logoformer.train.TrainingListener;
import io.github.logoformer.train.TrainingOptions;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grad-CAM of a model trained here on the embedded synthetic set is densest where the renderer put the
 * expression. A tiny LOGO-Former (4 frames of 64 x 64, trunk width 8, d = 32, 1 block) trains for 40 epochs
 * of plain SGD on fold 1 of 7 x 60 short clips; then, on 24 Happy clips rendered here (rest to apex, as the
 * set draws them), the Grad-CAM for "Happy" at layer2 (8 x 8 cells of 8 x 8 pixels) is compared with the
 * regions {@link FaceRenderer#regions} reports for each frame: per unit of area, the map holds more on the
 * face ellipse than on the background, and more on the mouth (under 1 % of the frame as drawn) than on
 * the background.
 *
 * <p>What it shows and what it does not. Measured over training seeds 1 to 3 (README, explaining a
 * prediction; seed 1 is this test, seeds 2 and 3 with one OpenMP thread): the face is 1.75, 1.56 and 1.76
 * times as dense as the background (asserted: 1.3), the mouth 2.83, 2.13 and 4.54 times (asserted: 1.2);
 * seed 1 with one thread, which rounds differently, gave 1.97 and 1.39 on the first 12 clips. But a model left at its
 * initialisation (seed 1, two epochs at a learning rate of 1e-5, test UAR at chance) measures 1.81 and 2.03:
 * at this size the maps follow where the frame has structure (the face's outline, eyes, brows, mouth) as
 * much as what the model learned, so this test checks that the maps line up with the rendered parts
 * through the whole pipeline (test transform, trunk stage, cell layout, frame order) and that training
 * keeps them there; it is no proof that the model learned the mouth. Nor does most of the mass lie inside
 * the face ellipse: 45-51 % at layer2 (38-49 % at layer3), the face being 34 % of the pixels.
 */
class GradCamOnFacesTest {
    private static final int SIZE = 64, FRAMES = 4, CLIPS = 24;

    @TempDir
    static Path dir;
    static ClipClassifier model;

    @BeforeAll
    static void train() {
        Path root = dir.resolve("data");
        new SyntheticDfew(60, 4, 6, SIZE, 3).ensure(root);
        List<ClipRecord> train = DfewDataset.load(root, Split.TRAIN, 1), test = DfewDataset.load(root, Split.TEST, 1);
        ModelConfig config = ModelConfig.builder().classes(7).frames(FRAMES).frameSize(SIZE).backboneWidth(8).dim(32)
                .heads(2).blocks(1).mlpRatio(2).attentionDropout(0).dropPath(0).build();
        TrainingOptions options = new TrainingOptions(40, 16, TrainingOptions.Optimizer.SGD, 0.02, 1, 0.9, 5e-4, 0, 0.1, 1, Precision.FP32);
        Trainer.Result result = new Trainer(ModelKind.LOGOFORMER, config, options, 1).run(train, test,
                dir.resolve("run"), false, TrainingListener.SILENT);
        System.out.printf(Locale.ROOT, "GradCamOnFacesTest: test UAR %.3f, Happy recall %.3f%n", result.test().uar(),
                result.test().recall(Expression.HAPPY.ordinal()));
        model = result.model();
    }

    @Test
    void happysMapIsDensestOnTheFaceAndDenserOnTheMouthThanOnTheBackground() {
        Random random = new Random(99);
        double face = 0, mouth = 0, faceArea = 0, mouthArea = 0;
        for (int c = 0; c < CLIPS; c++) {
            Shares s = happyClipShares(random);
            face += s.face / CLIPS;
            mouth += s.mouth / CLIPS;
            faceArea += s.faceArea / CLIPS;
            mouthArea += s.mouthArea / CLIPS;
        }
        double background = (1 - face) / (1 - faceArea);  // mass per unit of area off the face
        double faceRatio = face / faceArea / background, mouthRatio = mouth / mouthArea / background;
        String measured = String.format(Locale.ROOT, "mass on the face %.3f (area %.3f), on the mouth %.3f (area %.4f);"
                + " density against the background: face %.2f, mouth %.2f", face, faceArea, mouth, mouthArea, faceRatio, mouthRatio);
        System.out.println("GradCamOnFacesTest: " + measured);
        assertTrue(faceRatio > 1.3, measured);
        assertTrue(mouthRatio > 1.2, measured);
    }

    /** Shares of one clip's total map mass, and of its pixels, on the face and on the mouth (all frames). */
    private record Shares(double face, double mouth, double faceArea, double mouthArea) {}

    /** One Happy clip of FRAMES frames moving from rest to the apex under one random head placement and light. */
    private static Shares happyClipShares(Random r) {
        FaceRenderer.Identity who = FaceRenderer.Identity.random(r);
        FacePose rest = FacePose.NEUTRAL.plus(who.resting()), apex = FacePose.apex(Expression.HAPPY).plus(who.resting());
        var where = new FaceRenderer.Placement(0.5 + 0.06 * r.nextGaussian(), 0.5 + 0.05 * r.nextGaussian(),
                0.27 + 0.05 * r.nextDouble(), 0.08 * r.nextGaussian(), 0.75 + 0.45 * r.nextDouble(),
                2 * Math.PI * r.nextDouble(), 3 + 7 * r.nextDouble());
        ClipTransform transform = new ClipTransform(SIZE);
        float[] pixels = new float[transform.clipFloats(FRAMES)];
        FaceRenderer.Regions[] regions = new FaceRenderer.Regions[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            FacePose pose = rest.towards(apex, Math.min(1, f / (FRAMES - 1.5)));
            BufferedImage frame = FaceRenderer.render(SIZE, who, pose, where, r);
            transform.testFrame(frame, pixels, f * 3 * SIZE * SIZE);
            regions[f] = FaceRenderer.regions(SIZE, who, pose, where);
        }
        ClipInput input = ClipInput.of("happy", "rendered", IntStream.range(0, FRAMES).toArray(), pixels, transform);
        GradCam cam = GradCam.of(model, input.batch().clips(), Expression.HAPPY.ordinal(), TrunkStage.LAYER2);
        float[] maps = Explanation.floats(cam.maps());
        int side = (int) cam.maps().size(1), cells = side * side;
        double total = 0, face = 0, mouth = 0, faceArea = 0, mouthArea = 0;
        for (int f = 0; f < FRAMES; f++) {
            double[] faceCells = cellShares(regions[f].face(), side), mouthCells = cellShares(regions[f].mouth(), side);
            for (int i = 0; i < cells; i++) {
                double m = maps[f * cells + i];
                total += m;
                face += m * faceCells[i];
                mouth += m * mouthCells[i];
                faceArea += faceCells[i] / (cells * FRAMES);
                mouthArea += mouthCells[i] / (cells * FRAMES);
            }
        }
        return new Shares(face / total, mouth / total, faceArea, mouthArea);
    }

    /** Each map cell's share of its pixels (sampled at their centres) inside {@code region}. */
    private static double[] cellShares(Shape region, int side) {
        int cell = SIZE / side;
        double[] shares = new double[side * side];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (region.contains(x + 0.5, y + 0.5)) {
                    shares[(y / cell) * side + x / cell] += 1.0 / (cell * cell);
                }
            }
        }
        return shares;
    }
}
