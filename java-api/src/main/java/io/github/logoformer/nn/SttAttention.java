package io.github.logoformer.nn;

import java.util.Locale;

/**
 * How an {@link SttBlock} attends over the F x H x W token grid. The STT paper says "the spatial attention
 * and the temporal attention within each block are jointly applied", which reads two ways, so both are
 * offered:
 *
 * <ul>
 *   <li>{@link #JOINT}: one attention over the whole clip, each grid token over all F*H*W grid tokens and
 *       CLS (the window attention kernel with the window set to the grid), then the MLP;
 *   <li>{@link #DIVIDED_TEMPORAL_FIRST}: temporal attention (window F x 1 x 1: a token over its own position
 *       in every frame), then spatial attention (window 1 x H x W: over its frame), then the MLP, as
 *       TimeSformer's divided space-time attention and DESIGN.md 6 (the default);
 *   <li>{@link #DIVIDED_SPATIAL_FIRST}: the same two attentions, spatial first.
 * </ul>
 */
public enum SttAttention {
    JOINT, DIVIDED_TEMPORAL_FIRST, DIVIDED_SPATIAL_FIRST;

    /** The name command lines use: {@code joint}, {@code divided-temporal-first}, {@code divided-spatial-first}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
