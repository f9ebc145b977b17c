package io.github.logoformer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * The embedded default data set: synthetic face clips written in DFEW's layout (see {@link DfewDataset}),
 * so that the real loader reads them. Each clip is one random {@link FaceRenderer.Identity} whose face
 * moves from its resting pose towards one expression's apex ({@link FacePose#apex}) with a random
 * intensity, onset and apex time, while the head drifts and rolls a little and the lighting and noise
 * differ per clip. A neutral clip keeps its resting face. Classes are balanced; the five folds are
 * stratified (every clip is in exactly one test list, as in DFEW's 5-fold protocol).
 *
 * @param clipsPerClass clips of each of the 7 expressions
 * @param minFrames shortest clip (frames are drawn uniformly in [minFrames, maxFrames])
 * @param size frame side in pixels (JPEG)
 */
public record SyntheticDfew(int clipsPerClass, int minFrames, int maxFrames, int size, long seed) {
    /** The default set: 7 x 200 clips of 16 to 24 frames of 64 x 64 pixels. */
    public static final SyntheticDfew DEFAULT = new SyntheticDfew(200, 16, 24, 64, 7);

    public SyntheticDfew {
        if (clipsPerClass < DfewDataset.FOLDS) {
            throw new IllegalArgumentException("clipsPerClass: expected >= " + DfewDataset.FOLDS + " (one per fold), got " + clipsPerClass);
        }
        if (minFrames < 1 || maxFrames < minFrames) {
            throw new IllegalArgumentException("frames: expected 1 <= minFrames <= maxFrames, got " + minFrames + ", " + maxFrames);
        }
        if (size < 16) {
            throw new IllegalArgumentException("size: expected >= 16 pixels, got " + size);
        }
    }

    /**
     * Writes the set into {@code root} unless a complete one is there (its last list file exists).
     * Writes into a sibling folder first and renames it: an interrupted run leaves no half set.
     *
     * @return true when it generated the set
     */
    public boolean ensure(Path root) {
        if (Files.isRegularFile(DfewDataset.listFile(root, Split.TEST, DfewDataset.FOLDS))) {
            return false;
        }
        if (Files.exists(root)) {
            throw new DatasetException(root, "exists but holds no complete DFEW layout (no "
                    + DfewDataset.listFile(root, Split.TEST, DfewDataset.FOLDS) + "); remove it or choose another folder");
        }
        try {
            Path parent = root.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, root.getFileName() + ".partial-");
            try {
                write(staging);
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (RuntimeException | IOException e) {
                deleteTree(staging);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the synthetic data set into " + root + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** Writes the whole set into the empty or missing folder {@code root}. */
    public void write(Path root) throws IOException {
        Random random = new Random(seed);
        Expression[] classes = Expression.values();
        List<int[]> clips = new ArrayList<>();  // {class, fold}
        for (Expression expression : classes) {
            for (int i = 0; i < clipsPerClass; i++) {
                clips.add(new int[] {expression.ordinal(), i % DfewDataset.FOLDS});
            }
        }
        Collections.shuffle(clips, random);  // video ids do not reveal the class
        List<List<String>> testRows = new ArrayList<>();
        for (int f = 0; f < DfewDataset.FOLDS; f++) {
            testRows.add(new ArrayList<>());
        }
        List<String> allRows = new ArrayList<>();
        long[] clipSeeds = new long[clips.size()];
        for (int v = 0; v < clips.size(); v++) {
            clipSeeds[v] = random.nextLong();
            String row = (v + 1) + "," + classes[clips.get(v)[0]].dfewLabel();
            testRows.get(clips.get(v)[1]).add(row);
            allRows.add(row);
        }
        // Each clip draws only from its own seed, so writing them in parallel gives the same files.
        try {
            IntStream.range(0, clips.size()).parallel().forEach(v -> writeClip(DfewDataset.clipFolder(root, v + 1), v + 1,
                    classes[clips.get(v)[0]], new Random(clipSeeds[v])));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path labels = root.resolve("label");
        Files.createDirectories(labels);
        for (int fold = 1; fold <= DfewDataset.FOLDS; fold++) {
            List<String> test = testRows.get(fold - 1);
            List<String> train = allRows.stream().filter(row -> !test.contains(row)).toList();
            writeList(DfewDataset.listFile(root, Split.TRAIN, fold), train);
            writeList(DfewDataset.listFile(root, Split.TEST, fold), test);
        }
        Files.writeString(root.resolve("SYNTHETIC.txt"), String.format(Locale.ROOT,
                "Synthetic DFEW-layout faces by logoformer-java: %d clips per class, %d-%d frames of %dx%d, seed %d%n",
                clipsPerClass, minFrames, maxFrames, size, size, seed));
    }

    private void writeClip(Path folder, int video, Expression expression, Random r) {
        try {
            writeFrames(folder, video, expression, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFrames(Path folder, int video, Expression expression, Random r) throws IOException {
        Files.createDirectories(folder);
        FaceRenderer.Identity who = FaceRenderer.Identity.random(r);
        FacePose rest = FacePose.NEUTRAL.plus(who.resting());
        FacePose apex = FacePose.apex(expression).plus(who.resting());
        int frames = minFrames + r.nextInt(maxFrames - minFrames + 1);
        double intensity = 0.7 + 0.3 * r.nextDouble();
        double onset = 0.05 + 0.3 * r.nextDouble(), peak = Math.min(0.95, onset + 0.3 + 0.3 * r.nextDouble());
        double cx = 0.5 + 0.06 * r.nextGaussian(), cy = 0.5 + 0.05 * r.nextGaussian();
        double halfWidth = 0.27 + 0.05 * r.nextDouble(), roll = 0.08 * r.nextGaussian();
        double light = 0.75 + 0.45 * r.nextDouble(), lightAngle = 2 * Math.PI * r.nextDouble();
        double noise = 3 + 7 * r.nextDouble();
        double swayX = 0.02 * r.nextDouble(), swayY = 0.015 * r.nextDouble(), swayRoll = 0.05 * r.nextDouble();
        double period = 6 + 10 * r.nextDouble(), phase = 2 * Math.PI * r.nextDouble();
        SplittableRandom noiseSource = new SplittableRandom(r.nextLong());
        // One JPEG writer for the clip's frames: ImageIO.write looks one up (and builds it) for every file.
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer in this JDK (ImageIO)");
        }
        ImageWriter jpeg = writers.next();
        try {
            for (int f = 0; f < frames; f++) {
                double t = frames == 1 ? 1 : f / (double) (frames - 1);
                double progress = smoothstep((t - onset) / (peak - onset)) * intensity;
                double wave = Math.sin(2 * Math.PI * f / period + phase);
                var where = new FaceRenderer.Placement(cx + swayX * wave, cy + swayY * Math.cos(2 * Math.PI * f / period + phase),
                        halfWidth, roll + swayRoll * wave, light, lightAngle, noise);
                BufferedImage image = FaceRenderer.render(size, who, rest.towards(apex, progress), where, noiseSource);
                Path file = folder.resolve(String.format(Locale.ROOT, "%05d_%05d.jpg", video, f + 1));
                try (ImageOutputStream stream = new FileImageOutputStream(file.toFile())) {
                    jpeg.setOutput(stream);
                    jpeg.write(image);
                }
            }
        } finally {
            jpeg.dispose();
        }
    }

    private static double smoothstep(double x) {
        double c = Math.max(0, Math.min(1, x));
        return c * c * (3 - 2 * c);
    }

    private static void writeList(Path file, List<String> rows) throws IOException {
        StringBuilder text = new StringBuilder("video_name,label\n");
        rows.forEach(row -> text.append(row).append('\n'));
        Files.writeString(file, text);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
