package io.github.logoformer.video;

/**
 * What was read from a video file.
 *
 * @param format the container as FFmpeg names it
 * @param codec the video codec
 * @param width upright frame width (after the display rotation)
 * @param height upright frame height
 * @param rotationDegrees the display rotation applied, degrees counter-clockwise (0, 90, 180, 270)
 * @param frames frames decoded (counted, not the container's claim)
 * @param firstMicros the first frame's timestamp
 * @param endMicros the end of the video: the last frame's timestamp plus the mean frame interval
 */
public record VideoInfo(String format, String codec, int width, int height, int rotationDegrees, int frames,
        long firstMicros, long endMicros) {
    public double durationSeconds() {
        return (endMicros - firstMicros) / 1e6;
    }
}
