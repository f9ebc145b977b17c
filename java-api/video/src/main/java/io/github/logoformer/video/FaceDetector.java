package io.github.logoformer.video;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in one upright BGR frame. Instances need not be thread-safe: {@link VideoPredictor} gives
 * each calling thread its own. {@link CascadeFaceDetector} is the one the library ships; another detector
 * (a DNN with a model of your own) plugs in through {@link VideoPredictor}'s detector factory.
 */
public interface FaceDetector extends AutoCloseable {
    /** Every face found, in frame pixels, in no particular order. */
    List<FaceBox> detect(Mat bgr);

    /** Releases native memory; the default holds none. */
    @Override
    default void close() {}
}
