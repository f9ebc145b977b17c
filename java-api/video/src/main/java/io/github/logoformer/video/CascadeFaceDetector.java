package io.github.logoformer.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_objdetect;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's frontal-face Haar cascade ({@code haarcascade_frontalface_default.xml}), read from bytedeco's
 * Linux OpenCV jar: offline, nothing to download or extract. Why a cascade and not a DNN: no artifact on
 * Maven Central ships a face-detection model, and the project has no real faces to test one on (README,
 * "Video"). The frame is converted to grey and scaled down so that its long side is {@code maxSide}
 * pixels (cheaper, and the cascade's 24-pixel window then finds faces down to about 1/10 of the short side);
 * boxes come back in frame pixels. Finds upright frontal faces; profiles, faces rolled by more than about
 * 15 degrees and faces smaller than about a tenth of the frame's short side are missed.
 *
 * <p>One instance per thread (OpenCV's cascade keeps per-call state). OpenCV's own thread pool is turned
 * off ({@code setNumThreads(0)}, process-wide): parallelism comes from the callers' threads.
 *
 * <p>Needs the system's GTK 2 ({@code libgtk-x11-2.0.so.0}): bytedeco's preset of objdetect inherits
 * highgui's, whose Linux build links GTK 2 and does not ship it; without it the constructor says so in one
 * line instead of JavaCPP's {@code no jniopencv_highgui in java.library.path}.
 */
public final class CascadeFaceDetector implements FaceDetector {
    static final String CASCADE = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
    private static final double SCALE_STEP = 1.1;
    private static final int MIN_NEIGHBOURS = 3;
    /** The cascade's XML, read once by the first constructor that finds OpenCV loadable. */
    private static String xml;

    private final CascadeClassifier cascade;
    private final int maxSide;
    private final Mat small = new Mat(), grey = new Mat();

    /** @param maxSide the long side, in pixels, frames are scaled down to before detection */
    public CascadeFaceDetector(int maxSide) {
        if (maxSide < 48) {
            throw new IllegalArgumentException("detection size: expected >= 48 pixels, got " + maxSide);
        }
        this.maxSide = maxSide;
        String cascadeXml = cascadeXml();
        cascade = new CascadeClassifier();
        try (FileStorage storage = new FileStorage(cascadeXml, FileStorage.READ | FileStorage.MEMORY)) {
            if (!cascade.read(storage.getFirstTopLevelNode()) || cascade.empty()) {
                throw new IllegalStateException("cannot read the face cascade " + CASCADE);
            }
        }
    }

    private static synchronized String cascadeXml() {
        if (xml == null) {
            loadOpenCv();
            xml = readCascade();
        }
        return xml;
    }

    private static void loadOpenCv() {
        try {
            Loader.load(opencv_objdetect.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("OpenCV's face detection does not load: bytedeco's Linux OpenCV needs the system's"
                    + " GTK 2 (libgtk-x11-2.0.so.0; Debian and Ubuntu: apt-get install libgtk2.0-0): " + root.getMessage(), e);
        }
        opencv_core.setNumThreads(0);
    }

    private static String readCascade() {
        try (InputStream in = opencv_core.class.getResourceAsStream(CASCADE)) {
            if (in == null) {
                throw new IllegalStateException("the face cascade " + CASCADE + " is not on the class path (it ships in "
                        + "org.bytedeco:opencv:linux-x86_64)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the face cascade " + CASCADE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<FaceBox> detect(Mat bgr) {
        double scale = Math.min(1.0, maxSide / (double) Math.max(bgr.cols(), bgr.rows()));
        Mat source = bgr;
        if (scale < 1) {
            try (Size size = new Size((int) Math.round(bgr.cols() * scale), (int) Math.round(bgr.rows() * scale))) {
                opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
            }
            source = small;
        }
        opencv_imgproc.cvtColor(source, grey, opencv_imgproc.COLOR_BGR2GRAY);
        List<FaceBox> faces = new ArrayList<>();
        try (RectVector found = new RectVector(); Size min = new Size(24, 24); Size max = new Size()) {
            cascade.detectMultiScale(grey, found, SCALE_STEP, MIN_NEIGHBOURS, 0, min, max);
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(new FaceBox(r.x() / scale, r.y() / scale, r.width() / scale, r.height() / scale));
            }
        }
        return faces;
    }

    @Override
    public void close() {
        cascade.close();
        small.close();
        grey.close();
    }
}
