package io.github.logoformer.cli;

import io.github.logoformer.video.VideoOptions;
import picocli.CommandLine.Option;

/** How predict and explain cut a video into windows, so that explain's windows are the timeline's. */
final class VideoWindowOptions {
    @Option(names = "--window", paramLabel = "SECONDS", description = "Video: length of each clip window (default ${DEFAULT-VALUE}).")
    double window = VideoOptions.DEFAULT.windowSeconds();

    @Option(names = "--stride", paramLabel = "SECONDS", description = "Video: time between window starts (default ${DEFAULT-VALUE}).")
    double stride = VideoOptions.DEFAULT.strideSeconds();

    VideoOptions options() {
        return VideoOptions.DEFAULT.withWindow(window, stride);
    }
}
