package io.github.logoformer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The frames of a clip folder, as DFEW and FERV39K store them: image files whose names end in a frame
 * number ({@code 00001_00007.jpg}, {@code 7.png}), sorted by that number. Numbers must run without a
 * gap: a missing frame is an error, not a silently shorter clip; so is an entry named like a frame that
 * is not a regular file (a folder, a broken or looping link).
 */
public final class ClipFolder {
    private static final Pattern FRAME = Pattern.compile("(?i).*?(\\d+)\\.(jpe?g|png|bmp)");

    private ClipFolder() {}

    /**
     * The frame files of {@code folder} in temporal order.
     *
     * @throws DatasetException when the folder is missing, holds no frame, or a frame number is missing
     */
    public static List<Path> frames(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder, "clip folder not found");
        }
        List<Frame> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(file -> {
                Matcher m = FRAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    frames.add(new Frame(frameNumber(m.group(1), file), checkedFrameFile(file)));
                }
            });
        } catch (IOException e) {
            throw new DatasetException(folder, "cannot list the clip folder: " + e.getMessage(), e);
        }
        if (frames.isEmpty()) {
            throw new DatasetException(folder, "no frame files (*<number>.jpg, .jpeg, .png or .bmp)");
        }
        frames.sort(Comparator.comparingLong(Frame::number));
        List<Path> ordered = new ArrayList<>(frames.size());
        long expected = frames.get(0).number();
        for (Frame frame : frames) {
            if (frame.number() != expected) {
                throw new DatasetException(folder, frame.number() < expected
                        ? "two files for frame " + frame.number() + " (" + frame.file().getFileName() + ")"
                        : "frame " + expected + " is missing (frames run from " + frames.get(0).number()
                                + " to " + frames.get(frames.size() - 1).number() + ")");
            }
            ordered.add(frame.file());
            expected++;
        }
        return ordered;
    }

    private static long frameNumber(String digits, Path file) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new DatasetException(file, "frame number " + digits + " is out of range (at most " + Long.MAX_VALUE + ")");
        }
    }

    /** A name like a frame's must be a readable file, not a folder or a link to nothing (or to itself). */
    private static Path checkedFrameFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, Files.isDirectory(file) ? "named like a frame but a folder"
                    : "named like a frame but not a regular file (a broken or looping link, or a special file)");
        }
        return file;
    }

    private record Frame(long number, Path file) {}
}
