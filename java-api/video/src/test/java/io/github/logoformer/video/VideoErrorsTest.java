package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.ModelKind;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is one line naming the file and what was found. An untrained model suffices: every case fails
 * before the model runs.
 */
class VideoErrorsTest {
    @TempDir
    static Path dir;

    private static VideoPredictor predictor;

    @BeforeAll
    static void load() {
        predictor = new VideoPredictor(ModelKind.LOGOFORMER.build(VideoFixtures.tinyModel()), VideoOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    private static String failure(Path video) {
        return assertThrows(VideoException.class, () -> predictor.predict(video)).getMessage();
    }

    /** A 320 x 240 video of 20 frames at 12-20 per second, in MJPEG / Matroska (which streams, so a cut copy still opens). */
    private static VideoFixtures.FaceVideo video(String name, boolean[] face) throws Exception {
        return VideoFixtures.faceVideo(dir.resolve(name), "matroska", "mjpeg", 320, 240, 20, face, 0, 4);
    }

    @Test
    void missingDirectoryAndEmptyFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing.mp4"), folder = Files.createDirectories(dir.resolve("folder.mp4"));
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        assertEquals(missing + ": no such file", failure(missing));
        assertEquals(folder + ": a directory, not a video file", failure(folder));
        assertEquals(empty + ": empty file (0 bytes)", failure(empty));
    }

    @Test
    void aTextFileIsNotAVideo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        String message = failure(text);
        assertTrue(message.startsWith(text + ": not a readable video (Invalid data found when processing input"), message);
    }

    @Test
    void aTruncatedMp4IsNotReadable() throws Exception {
        Path whole = VideoFixtures.faceVideo(dir.resolve("whole.mp4"), "mp4", "mpeg4", 160, 120, 10, null, 0, 2).file();
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(cut + ": not a readable video (Invalid data found when processing input; moov atom not found)", failure(cut));
    }

    @Test
    void aTruncatedMatroskaFileIsReportedWithTheFramesReadBeforeTheEnd() throws Exception {
        byte[] bytes = Files.readAllBytes(video("whole.mkv", null).file());
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 2));
        String message = failure(cut);
        assertTrue(message.matches(java.util.regex.Pattern.quote(cut.toString())
                + ": truncated or corrupt video: FFmpeg reported '.+' while reading \\d+ frames"), message);
    }

    @Test
    void garbageInTheMiddleIsReported() throws Exception {
        byte[] bytes = Files.readAllBytes(video("clean.mkv", null).file());
        Random r = new Random(1);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 4000; i++) {
            bytes[i] = (byte) r.nextInt();
        }
        Path corrupt = Files.write(dir.resolve("corrupt.mkv"), bytes);
        String message = failure(corrupt);
        assertTrue(message.startsWith(corrupt + ": truncated or corrupt video: FFmpeg reported '"), message);
    }

    @Test
    void audioOnlyHasNoVideoStream() throws Exception {
        Path wav = dir.resolve("tone.wav");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(wav.toFile(), 1)) {
            recorder.setFormat("wav");
            recorder.setAudioCodecName("pcm_s16le");
            recorder.setSampleRate(16000);
            recorder.start();
            short[] tone = new short[16000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (8000 * Math.sin(i * 0.1));
            }
            recorder.recordSamples(16000, 1, ShortBuffer.wrap(tone));
            recorder.stop();
        }
        assertEquals(wav + ": no video stream (audio only, format wav)", failure(wav));
    }

    @Test
    void aStillImageIsNotAVideo() throws Exception {
        Path png = dir.resolve("still.png");
        ImageIO.write(new SyntheticVideo.Person(new Random(2), 64, 48, 0.5).frame(0, 1, true, new Random(3)).image(), "png", png.toFile());
        assertEquals(png + ": a still image (png_pipe), not a video", failure(png));
    }

    @Test
    void noFaceInAnyFrameSaysHowManyFramesWereRead() throws Exception {
        boolean[] none = new boolean[20];
        Path video = video("empty-room.mkv", none).file();
        String message = failure(video);
        assertTrue(message.matches(java.util.regex.Pattern.quote(video.toString())
                + ": no face found in any of the 20 frames read \\(1[0-9] detection runs\\)"), message);
    }

    @Test
    void aFaceInTooFewFramesForAClipIsReported() throws Exception {
        boolean[] face = new boolean[20];
        face[9] = face[10] = true;  // 2 of 20 frames (1.3 s): the one window needs 10
        VideoFixtures.FaceVideo video = video("glimpse.mkv", face);
        String message = failure(video.file());
        assertTrue(message.matches(java.util.regex.Pattern.quote(video.file().toString()) + ": a face in [1-4] of the 20 frames read,"
                + " too few for one clip: no 2\\.00-s window has it in 50% of its frames"), message);
    }

    /**
     * FFmpegFrameGrabber.tryLoad() loads avdevice, which needs libpulse: the library must never call it (CI has
     * no libpulse, so the decoding tests would fail too; this names the file even where libpulse is installed).
     */
    @Test
    void theLibraryNeverCallsTryLoad() throws Exception {
        try (Stream<Path> sources = Files.walk(Path.of(System.getProperty("video.sources")))) {
            List<Path> calling = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String code = Files.readString(p).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                    return code.matches("(?s).*\\btryLoad\\s*\\(.*");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), calling);
        }
    }
}
