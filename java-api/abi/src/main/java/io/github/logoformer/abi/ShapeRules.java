package io.github.logoformer.abi;

import java.util.Arrays;

/**
 * The argument rules both bindings apply to a tensor's sizes before any native call, with one set of
 * messages: each failure names the argument, the rule and the value.
 */
public final class ShapeRules {
    private ShapeRules() {}

    /** {@code sizes} has {@code rank} dims laid out as {@code layout} (e.g. "[B, T, heads, D]"). */
    public static void dims(long[] sizes, String name, int rank, String layout) {
        if (sizes.length != rank) {
            throw new IllegalArgumentException(
                    name + ": expected " + rank + " dims " + layout + ", got " + Arrays.toString(sizes));
        }
    }

    /** {@code sizes} equals {@code expected}, the sizes of {@code expectedName}. */
    public static void sameSizes(long[] sizes, String name, long[] expected, String expectedName) {
        if (!Arrays.equals(sizes, expected)) {
            throw new IllegalArgumentException(name + ": expected the sizes of " + expectedName + " "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(sizes));
        }
    }

    /** Every dim is at least 1. */
    public static void nonEmpty(long[] sizes, String name) {
        for (long size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException(name + ": expected non-empty dims, got " + Arrays.toString(sizes));
            }
        }
    }

    /** A double the kernels take as a float: finite in float range. */
    public static void finiteFloat(double value, String name) {
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": expected a finite float, got " + value);
        }
    }

    /** The compact loss: logits [B, C] with B >= 1 and C >= 2, targets [B], a finite lambda, a reduction. */
    public static void compactLoss(long[] logits, long[] targets, double lambda, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction: expected NONE, MEAN or SUM, got null");
        }
        finiteFloat(lambda, "lambda");
        dims(logits, "logits", 2, "[B, C]");
        dims(targets, "targets", 1, "[B]");
        if (logits[0] < 1 || logits[1] < 2) {
            throw new IllegalArgumentException(
                    "logits: expected B >= 1 rows and C >= 2 classes, got " + Arrays.toString(logits));
        }
        if (targets[0] != logits[0]) {
            throw new IllegalArgumentException(
                    "targets: expected B = " + logits[0] + " entries (the rows of logits), got " + targets[0]);
        }
    }

    /** Cross attention: q [B, Nq, heads, D], k and v [B, Nk, heads, D] sharing B, heads and D. */
    public static void crossAttention(long[] q, long[] k, long[] v, double scale) {
        dims(q, "q", 4, "[B, Nq, heads, D]");
        dims(k, "k", 4, "[B, Nk, heads, D]");
        sameSizes(v, "v", k, "k");
        if (k[0] != q[0] || k[2] != q[2] || k[3] != q[3]) {
            throw new IllegalArgumentException("k: expected [B, Nk, heads, D] with B, heads, D of q "
                    + Arrays.toString(q) + ", got " + Arrays.toString(k));
        }
        nonEmpty(q, "q");
        nonEmpty(k, "k");
        finiteFloat(scale, "scale");
    }
}
