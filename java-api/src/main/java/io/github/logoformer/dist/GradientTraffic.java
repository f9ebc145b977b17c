package io.github.logoformer.dist;

import java.util.Locale;

/**
 * What gradient averaging cost so far on this rank.
 *
 * @param buckets buckets per pass
 * @param bytesPerPass bytes all-reduced per backward pass (SAM makes two passes per step)
 * @param passes backward passes reduced
 * @param waitNanos time the training thread spent in {@link GradientBuckets#reduce()}: starting the
 *     buckets the hooks had not started and waiting for all; the part of the all-reduce that overlapped
 *     the backward pass is not in it
 * @param startedDuringBackward buckets whose all-reduce a hook started while the backward was running
 */
public record GradientTraffic(int buckets, long bytesPerPass, long passes, long waitNanos, long startedDuringBackward) {
    /** One line for logs: buckets, MB per pass, milliseconds waited per pass. */
    public String summary() {
        String size = bytesPerPass >= 1_000_000 ? String.format(Locale.ROOT, "%.2f MB", bytesPerPass / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytesPerPass / 1e3);
        return String.format(Locale.ROOT, "%d bucket%s, %s all-reduced per backward pass, %.1f ms per pass waiting"
                        + " for the all-reduce (%d passes, %d of %d bucket starts during the backward)",
                buckets, buckets == 1 ? "" : "s", size, passes == 0 ? 0 : waitNanos / 1e6 / passes, passes,
                startedDuringBackward, passes * buckets);
    }
}
