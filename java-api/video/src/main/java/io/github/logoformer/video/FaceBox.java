package io.github.logoformer.video;

/** An axis-aligned face box in upright frame pixels (x, y of the top-left corner). */
public record FaceBox(double x, double y, double width, double height) {
    public FaceBox {
        if (!(width > 0 && height > 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("face box: expected finite x, y and width, height > 0, got "
                    + x + ", " + y + ", " + width + " x " + height);
        }
    }

    /** The square box of side {@code side} centred on ({@code centreX}, {@code centreY}). */
    public static FaceBox square(double centreX, double centreY, double side) {
        return new FaceBox(centreX - side / 2, centreY - side / 2, side, side);
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    /** The larger of width and height. */
    public double side() {
        return Math.max(width, height);
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union with {@code other}: 1 for the same box, 0 when they do not overlap. */
    public double iou(FaceBox other) {
        double w = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double h = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (area() + other.area() - inter);
    }

    /** The box a fraction {@code t} of the way from this one to {@code other} (centre and sides linearly). */
    public FaceBox towards(FaceBox other, double t) {
        double w = width + t * (other.width - width), h = height + t * (other.height - height);
        double cx = centreX() + t * (other.centreX() - centreX()), cy = centreY() + t * (other.centreY() - centreY());
        return new FaceBox(cx - w / 2, cy - h / 2, w, h);
    }
}
