package io.github.logoformer.video;

import java.nio.file.Path;

/**
 * A video that cannot be turned into a timeline: not a video, truncated or corrupt, no video stream, no
 * face, too little face. The message is one line that starts with the file and says what was found.
 */
public final class VideoException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public VideoException(Path video, String problem) {
        super(video + ": " + problem);
    }

    public VideoException(Path video, String problem, Throwable cause) {
        super(video + ": " + problem, cause);
    }
}
