package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus of the data loaders: every case is a broken tree or list that must fail with one
 * line naming the file (and the line of a list) and the rule, never read outside the root, never pass.
 */
class BadDatasetCorpusTest {
    @TempDir
    Path tmp;

    /** Breaks the data set under {@code root} (a valid DFEW clip 1, list clip clips/a, FERV39K clip), then loads it. */
    @FunctionalInterface
    private interface Case {
        Path breakAndLoad(Path root) throws IOException;
    }

    private record Expected(String name, Case run, String rule) {}

    private static final List<Expected> CASES = new ArrayList<>();

    private static void bad(String name, String rule, Case run) {
        CASES.add(new Expected(name, run, rule));
    }

    private static final byte[] NOT_UTF8 = {'1', ',', '1', '\n', (byte) 0xff, ',', '2', '\n'};

    static {
        // DFEW fold lists and clip folders.
        bad("dfew: missing fold list", "cannot read the fold list", root -> dfew(root, null));
        bad("dfew: empty fold list", ":1: expected the header 'video_name,label', got ''", root -> dfewRaw(root, new byte[0]));
        bad("dfew: wrong header", ":1: expected the header", root -> dfewRaw(root, "name,label\n1,1\n".getBytes()));
        bad("dfew: header only", ": the fold list holds no clip", root -> dfew(root, ""));
        bad("dfew: not UTF-8", ":3: not UTF-8 text (byte 0xff at column 1)",
                root -> dfewRaw(root, concat("video_name,label\n".getBytes(), NOT_UTF8)));
        bad("dfew: NUL byte", ":2: holds a NUL byte (column 2)", root -> dfew(root, "1\0,1\n"));
        bad("dfew: duplicate row", ":3: clip 00001 is listed twice (first at line 2)", root -> dfew(root, "1,1\n1,1\n"));
        bad("dfew: duplicate with leading zeros", ":3: clip 00001 is listed twice", root -> dfew(root, "1,1\n00001,2\n"));
        bad("dfew: label 0", ":2: unknown label 0 (DFEW labels are 1 to 7)", root -> dfew(root, "1,0\n"));
        bad("dfew: label 8", ":2: unknown label 8", root -> dfew(root, "1,8\n"));
        bad("dfew: label word", ":2: label: expected a non-negative integer, got 'happy'", root -> dfew(root, "1,happy\n"));
        bad("dfew: empty label", ":2: label: expected a non-negative integer, got ''", root -> dfew(root, "1,\n"));
        bad("dfew: negative video", ":2: video_name: expected a non-negative integer, got '-1'", root -> dfew(root, "-1,1\n"));
        bad("dfew: huge video", ":2: video_name: expected a non-negative integer, got '99999999999'",
                root -> dfew(root, "99999999999,1\n"));
        bad("dfew: three fields", ":2: expected 'video_name,label', got '1,1,1'", root -> dfew(root, "1,1,1\n"));
        bad("dfew: semicolons", ":2: expected 'video_name,label', got '1;1'", root -> dfew(root, "1;1\n"));
        bad("dfew: missing clip", ":2: video 2: ", root -> dfew(root, "2,1\n"));
        bad("dfew: frame gap", "frame 2 is missing (frames run from 1 to 3)", root -> {
            Files.delete(DfewDataset.clipFolder(root, 1).resolve("00001_00002.jpg"));
            return dfew(root, "1,1\n");
        });
        bad("dfew: absurd frame number", "frame number 99999999999999999999 is out of range", root -> {
            DfewFixture.frame(DfewDataset.clipFolder(root, 1).resolve("00001_99999999999999999999.jpg"), 9);
            return dfew(root, "1,1\n");
        });
        bad("dfew: folder named like a frame", "00001_00004.jpg: named like a frame but a folder", root -> {
            Files.createDirectory(DfewDataset.clipFolder(root, 1).resolve("00001_00004.jpg"));
            return dfew(root, "1,1\n");
        });
        bad("dfew: looping link named like a frame", "00001_00004.jpg: named like a frame but not a regular file", root -> {
            Path link = DfewDataset.clipFolder(root, 1).resolve("00001_00004.jpg");
            Files.createSymbolicLink(link, link.getFileName());
            return dfew(root, "1,1\n");
        });
        bad("dfew: broken link named like a frame", "named like a frame but not a regular file", root -> {
            Files.createSymbolicLink(DfewDataset.clipFolder(root, 1).resolve("00001_00004.jpg"), root.resolve("nothing"));
            return dfew(root, "1,1\n");
        });
        bad("dfew: two files for one frame", "two files for frame 3", root -> {
            DfewFixture.frame(DfewDataset.clipFolder(root, 1).resolve("3.png"), 9);
            return dfew(root, "1,1\n");
        });
        bad("dfew: no frames", "no frame files", root -> {
            Files.createDirectories(DfewDataset.clipFolder(root, 2));
            return dfew(root, "2,1\n");
        });
        bad("dfew: clip is a file", "clip folder not found", root -> {
            Files.createDirectories(root.resolve("data"));
            Files.writeString(DfewDataset.clipFolder(root, 2), "x");
            return dfew(root, "2,1\n");
        });

        // The generic list format.
        bad("list: path through ..", ":1: clip path '../outside' is outside the data set root",
                root -> list(root, "../outside 3 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: deep path through ..", ":1: clip path 'clips/../../../etc' is outside",
                root -> list(root, "clips/../../../etc 3 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: absolute path", ":1: clip path '/etc' is outside the data set root",
                root -> list(root, "/etc 3 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: same clip twice", ":2: clip ", root -> list(root, "clips/a 3 1\nclips/./a 2 2\n", ClipPaths.INSIDE_ROOT));
        bad("list: zero frames", ":1: n_frames: expected >= 1, got 0", root -> list(root, "clips/a 0 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: negative frames", ":1: n_frames: expected >= 1, got -2",
                root -> list(root, "clips/a -2 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: frames past int", ":1: n_frames: expected an integer, got '4294967296'",
                root -> list(root, "clips/a 4294967296 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: more frames than stored", ":1: lists 9 frames, the folder holds 3",
                root -> list(root, "clips/a 9 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: label -1", ":1: unknown label -1 (expected 0 to 6)", root -> list(root, "clips/a 3 -1\n", ClipPaths.INSIDE_ROOT));
        bad("list: label 7", ":1: unknown label 7", root -> list(root, "clips/a 3 7\n", ClipPaths.INSIDE_ROOT));
        bad("list: two fields", ":2: expected 'path n_frames label', got 'clips/a 3'",
                root -> list(root, "# comment\nclips/a 3\n", ClipPaths.INSIDE_ROOT));
        bad("list: four fields", ":1: expected 'path n_frames label'", root -> list(root, "clips/a 3 1 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: comments only", ": the clip list holds no clip", root -> list(root, "# nothing\n\n", ClipPaths.INSIDE_ROOT));
        bad("list: not UTF-8", ":2: not UTF-8 text (byte 0xc3 at column 9)", root -> listRaw(root,
                concat("clips/a 3 1\n".getBytes(), new byte[] {'c', 'l', 'i', 'p', 's', '/', 'a', ' ', (byte) 0xc3, '(', '\n'})));
        bad("list: NUL byte", ":1: holds a NUL byte (column 6)", root -> list(root, "clips\0/a 3 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: missing folder", ":1: ", root -> list(root, "clips/b 3 1\n", ClipPaths.INSIDE_ROOT));
        bad("list: missing list", "cannot read the clip list", root -> {
            ClipListDataset.load(root.resolve("nothing.txt"), 7);
            return root;
        });

        // FERV39K lists.
        bad("ferv39k: path through ..", ":1: clip path '../../4_setups' is outside the data set root",
                root -> ferv(root, "../../4_setups Happy\n"));
        bad("ferv39k: absolute path", ":1: clip path '/tmp' is outside", root -> ferv(root, "/tmp Happy\n"));
        bad("ferv39k: same clip twice", ":2: clip ", root -> ferv(root, "Airport/Happy/0001 Happy\nAirport/Happy/0001 Sad\n"));
        bad("ferv39k: unknown emotion", ":1: unknown emotion 'Joy'", root -> ferv(root, "Airport/Happy/0001 Joy\n"));
        bad("ferv39k: one field", ":1: expected 'Scene/Emotion/id EmotionName'", root -> ferv(root, "Airport/Happy/0001\n"));
        bad("ferv39k: not UTF-8", ":1: not UTF-8 text (byte 0xfe at column 1)", root -> {
            Path file = fervList(root);
            Files.write(file, new byte[] {(byte) 0xfe, (byte) 0xff, 'x', '\n'});
            return fervLoad(root, file);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyBadDatasetFailsWithOneLineNamingTheFileAndTheRule() {
        return CASES.stream().map(c -> dynamicTest(c.name(), () -> {
            Path root = Files.createDirectories(tmp.resolve(c.name().replaceAll("[^a-z0-9]+", "-")));
            DfewFixture.clip(root, 1, 3, 120);
            Path clips = Files.createDirectories(root.resolve("clips/a"));
            for (int f = 1; f <= 3; f++) {
                DfewFixture.frame(clips.resolve(f + ".jpg"), 60);
            }
            Path fervClip = Files.createDirectories(root.resolve("2_ClipsforFaceCrop/Airport/Happy/0001"));
            DfewFixture.frame(fervClip.resolve("1.jpg"), 30);
            DatasetException e = assertThrows(DatasetException.class, () -> c.run().breakAndLoad(root));
            String message = e.getMessage();
            assertFalse(message.contains("\n"), "one line: " + message);
            assertTrue(message.startsWith(root.toString()), "names the file: " + message);
            assertTrue(message.contains(c.rule()), "states the rule '" + c.rule() + "': " + message);
        }));
    }

    @Test
    void corpusCoversEveryLoader() {
        Pattern loader = Pattern.compile("^(dfew|list|ferv39k): .*");
        assertTrue(CASES.stream().allMatch(c -> loader.matcher(c.name()).matches()));
        assertTrue(CASES.size() >= 45, "cases: " + CASES.size());
    }

    @Test
    void clipsOutsideTheRootAreReadWhenAllowedExplicitly() throws IOException {
        for (String clip : List.of("a", "b")) {
            Path outside = Files.createDirectories(tmp.resolve("elsewhere").resolve(clip));
            for (int f = 1; f <= 2; f++) {
                DfewFixture.frame(outside.resolve(f + ".png"), 10);
            }
        }
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("train.txt"), "../elsewhere/a 2 3\n" + tmp.resolve("elsewhere/b") + " 1 4\n");
        List<ClipRecord> clips = ClipListDataset.load(root.resolve("train.txt"), 7, ClipPaths.ANYWHERE);
        assertEquals(List.of(3, 4), clips.stream().map(ClipRecord::label).toList());
        assertThrows(DatasetException.class, () -> ClipListDataset.load(root.resolve("train.txt"), 7));
    }

    @Test
    void absolutePathsInsideTheRootCrlfLineEndsAndAByteOrderMarkAreAccepted() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("fine"));
        Path clip = DfewFixture.clip(root, 7, 2, 50);
        Files.writeString(root.resolve("test.txt"), clip + "\t2 0\r\n");
        assertEquals(1, ClipListDataset.load(root.resolve("test.txt"), 7).size());
        Path csv = DfewDataset.listFile(root, Split.TEST, 1);
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "\uFEFFvideo_name,label\r\n7,3\r\n");
        assertEquals(List.of(Expression.values()[2].ordinal()), DfewDataset.load(root, Split.TEST, 1).stream()
                .map(ClipRecord::label).toList());
    }

    @Test
    void undecodableFramesNameTheFrameAndTheListLine() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("frames"));
        Path folder = DfewFixture.clip(root, 3, 3, 80);
        Path csv = DfewFixture.list(root, Split.TRAIN, 1, "3,1\n");
        Files.write(folder.resolve("00003_00001.jpg"), new byte[0]);
        Files.write(folder.resolve("00003_00002.jpg"), "GIF89a not a jpeg".getBytes());
        byte[] jpeg = Files.readAllBytes(folder.resolve("00003_00003.jpg"));
        Files.write(folder.resolve("00003_00003.jpg"), java.util.Arrays.copyOf(jpeg, 20));
        ClipRecord clip = DfewDataset.load(root, Split.TRAIN, 1).get(0);
        for (int frame = 0; frame < 3; frame++) {
            int index = frame;
            String message = assertThrows(DatasetException.class,
                    () -> new ClipTransform(8).testClip(clip, new int[] {index})).getMessage();
            assertTrue(message.startsWith(folder.resolve(String.format("00003_%05d.jpg", frame + 1)).toString()), message);
            assertTrue(message.contains("frame " + (frame + 1) + " of clip 00003") && message.contains(csv + ":2"), message);
        }
    }

    // The broken trees' writers, each returning what it loaded from.

    private static Path dfew(Path root, String rows) throws IOException {
        if (rows != null) {
            DfewFixture.list(root, Split.TRAIN, 1, rows);
        }
        DfewDataset.load(root, Split.TRAIN, 1);
        return root;
    }

    private static Path dfewRaw(Path root, byte[] content) throws IOException {
        Path csv = DfewDataset.listFile(root, Split.TRAIN, 1);
        Files.createDirectories(csv.getParent());
        Files.write(csv, content);
        DfewDataset.load(root, Split.TRAIN, 1);
        return root;
    }

    private static Path list(Path root, String text, ClipPaths paths) throws IOException {
        Path file = Files.writeString(root.resolve("train.txt"), text);
        ClipListDataset.load(file, 7, paths);
        return file;
    }

    private static Path listRaw(Path root, byte[] content) throws IOException {
        Path file = Files.write(root.resolve("train.txt"), content);
        ClipListDataset.load(file, 7);
        return file;
    }

    private static Path fervList(Path root) throws IOException {
        Path file = Ferv39kDataset.listFile(root, Split.TRAIN);
        Files.createDirectories(file.getParent());
        return file;
    }

    private static Path ferv(Path root, String text) throws IOException {
        return fervLoad(root, Files.writeString(fervList(root), text));
    }

    private static Path fervLoad(Path root, Path file) {
        Ferv39kDataset.load(root, Split.TRAIN);
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
