package io.github.logoformer.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes tiny DFEW trees for loader tests: solid-colour JPEG frames and fold lists. */
final class DfewFixture {
    private DfewFixture() {}

    /** Clip folder data/NNNNN with {@code frames} frames numbered from 1, of colour {@code gray}. */
    static Path clip(Path root, int video, int frames, int gray) throws IOException {
        Path folder = DfewDataset.clipFolder(root, video);
        Files.createDirectories(folder);
        for (int f = 1; f <= frames; f++) {
            frame(folder.resolve(String.format(Locale.ROOT, "%05d_%05d.jpg", video, f)), gray);
        }
        return folder;
    }

    static void frame(Path file, int gray) throws IOException {
        BufferedImage image = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(gray, gray, gray));
        g.fillRect(0, 0, 20, 16);
        g.dispose();
        ImageIO.write(image, "jpg", file.toFile());
    }

    /** label/single_{split}set_{fold}.csv with the given text after the header. */
    static Path list(Path root, Split split, int fold, String rows) throws IOException {
        Path file = DfewDataset.listFile(root, split, fold);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "video_name,label\n" + rows);
        return file;
    }
}
