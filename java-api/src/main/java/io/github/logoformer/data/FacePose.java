package io.github.logoformer.data;

/**
 * The expression parameters {@link FaceRenderer} draws, each in face units: mouth curvature (+ smile,
 * - frown), mouth opening, mouth width factor, one-sided upper-lip raise (sneer), brow height, brow
 * tilt (+ inner ends up, - inner ends down) and eye opening factor.
 */
public record FacePose(double mouthCurve, double mouthOpen, double mouthWidth, double sneer, double browRaise,
        double browTilt, double eyeOpen) {
    /** The relaxed face every synthetic clip starts from (before the identity's own resting offsets). */
    public static final FacePose NEUTRAL = new FacePose(0, 0, 1, 0, 0, 0, 1);

    /** The apex of each expression: the prototypes the synthetic clips move towards. */
    public static FacePose apex(Expression expression) {
        return switch (expression) {
            case HAPPY -> new FacePose(1.0, 0.35, 1.25, 0, 0.1, 0, 0.65);
            case SAD -> new FacePose(-0.9, 0, 0.9, 0, 0.05, 1.0, 0.75);
            case NEUTRAL -> NEUTRAL;
            case ANGRY -> new FacePose(-0.25, 0, 0.75, 0, -0.9, -1.0, 0.85);
            case SURPRISE -> new FacePose(0, 1.0, 0.7, 0, 1.0, 0, 1.5);
            case DISGUST -> new FacePose(-0.35, 0.1, 0.95, 1.0, -0.45, -0.3, 0.6);
            case FEAR -> new FacePose(-0.2, 0.55, 1.35, 0, 0.8, 0.8, 1.45);
        };
    }

    /** {@code this + t * (other - this)}, component-wise. */
    public FacePose towards(FacePose other, double t) {
        return new FacePose(lerp(mouthCurve, other.mouthCurve, t), lerp(mouthOpen, other.mouthOpen, t),
                lerp(mouthWidth, other.mouthWidth, t), lerp(sneer, other.sneer, t), lerp(browRaise, other.browRaise, t),
                lerp(browTilt, other.browTilt, t), lerp(eyeOpen, other.eyeOpen, t));
    }

    /** {@code this + offset}, component-wise (an identity's resting face). */
    public FacePose plus(FacePose offset) {
        return new FacePose(mouthCurve + offset.mouthCurve, mouthOpen + offset.mouthOpen,
                mouthWidth + offset.mouthWidth, sneer + offset.sneer, browRaise + offset.browRaise,
                browTilt + offset.browTilt, eyeOpen + offset.eyeOpen);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
