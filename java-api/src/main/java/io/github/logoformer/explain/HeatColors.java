package io.github.logoformer.explain;

/** A blue, cyan, green, yellow, red ramp for heat maps (the "jet" look of Grad-CAM figures), on [0, 1]. */
final class HeatColors {
    private static final int[][] STOPS = {{0, 0, 160}, {0, 200, 255}, {40, 220, 40}, {255, 230, 0}, {230, 0, 0}};

    private HeatColors() {}

    /** The RGB colour of {@code value}, clamped to [0, 1]. */
    static int rgb(double value) {
        double v = Math.max(0, Math.min(1, value)) * (STOPS.length - 1);
        int i = Math.min((int) v, STOPS.length - 2);
        double t = v - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            rgb = (rgb << 8) | (int) Math.round(STOPS[i][c] + t * (STOPS[i + 1][c] - STOPS[i][c]));
        }
        return rgb;
    }
}
