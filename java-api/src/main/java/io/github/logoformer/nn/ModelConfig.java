package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;

/**
 * Sizes and options of a {@link LogoFormer} or {@link Stt} (DESIGN.md 6). Build one with
 * {@link #builder()}; every check runs here, so an invalid model fails before any weight exists.
 *
 * <p>A clip is {@code frames} RGB frames of {@code frameSize} x {@code frameSize}; the ResNet-18 trunk
 * (stride 16) turns each frame into a {@code ceil(frameSize / 16)}-square token map (7 x 7 at 112), so
 * the token grid is frames x side x side. {@code window} and {@code pool} (LOGO-Former only) must tile
 * that grid; left unset they are 2 x side x side. {@code sttAttention} (STT only) is joint or divided
 * space-time attention ({@link SttAttention}). {@code backboneWidth} is the trunk's first stage width
 * (64 in ResNet-18; stages are w, 2w, 4w): smaller values exist for fast tests.
 */
public record ModelConfig(
        long frames,
        long frameSize,
        long backboneWidth,
        long dim,
        long heads,
        long blocks,
        long mlpRatio,
        double attentionDropout,
        double dropPath,
        long classes,
        Grid3 window,
        Grid3 pool,
        SttAttention sttAttention,
        OpsMode ops) {

    /** The ResNet-18 trunk's total stride (conv1, max pool, layer2, layer3 each halve the frame). */
    public static final long BACKBONE_STRIDE = 16;

    public ModelConfig {
        positive("frames", frames);
        positive("frameSize", frameSize);
        positive("backboneWidth", backboneWidth);
        positive("dim", dim);
        positive("heads", heads);
        positive("blocks", blocks);
        positive("mlpRatio", mlpRatio);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim: expected a multiple of heads = " + heads + ", got " + dim);
        }
        probability("attentionDropout", attentionDropout);
        probability("dropPath", dropPath);
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected >= 2, got " + classes);
        }
        if (window == null || pool == null || sttAttention == null || ops == null) {
            throw new IllegalArgumentException("ModelConfig: window, pool, sttAttention and ops must not be null");
        }
        Grid3 grid = gridOf(frames, frameSize);
        if (!grid.isTiledBy(window)) {
            throw new IllegalArgumentException("window: expected sizes dividing the token grid " + grid
                    + " (frames x ceil(frameSize/16)^2), got " + window);
        }
        if (!grid.isTiledBy(pool)) {
            throw new IllegalArgumentException("pool: expected sizes dividing the token grid " + grid
                    + " (frames x ceil(frameSize/16)^2), got " + pool);
        }
    }

    /** The defaults of DESIGN.md 6: 16 frames of 112 x 112, d = 512, 8 heads, 4 blocks, 7 classes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The main job's small model, the CLI's {@code --preset small} (trains on 2 CPU cores in minutes): 16
     * frames of 48 x 48, trunk width 8, d = 64, 4 heads, 1 block, MLP ratio 2, no attention dropout or
     * drop-path; everything else (classes, ops, window, pool) as {@link #builder()} sets it.
     */
    public static Builder smallBuilder() {
        return builder().frames(16).frameSize(48).backboneWidth(8).dim(64).heads(4).blocks(1).mlpRatio(2)
                .attentionDropout(0).dropPath(0);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().frames(frames).frameSize(frameSize).backboneWidth(backboneWidth).dim(dim)
                .heads(heads).blocks(blocks).mlpRatio(mlpRatio).attentionDropout(attentionDropout)
                .dropPath(dropPath).classes(classes).window(window).pool(pool).sttAttention(sttAttention).ops(ops);
    }

    /** The same configuration with other ops. */
    public ModelConfig withOps(OpsMode other) {
        return toBuilder().ops(other).build();
    }

    /** The token grid frames x side x side. */
    public Grid3 grid() {
        return gridOf(frames, frameSize);
    }

    /** Tokens per clip: CLS plus the grid. */
    public long tokens() {
        return 1 + grid().volume();
    }

    public long headDim() {
        return dim / heads;
    }

    /** Drop-path rate of block {@code index}: rises linearly from 0 to {@link #dropPath} at the last block. */
    public double dropPathAt(long index) {
        return blocks == 1 ? dropPath : dropPath * index / (blocks - 1);
    }

    private static Grid3 gridOf(long frames, long frameSize) {
        long side = (frameSize + BACKBONE_STRIDE - 1) / BACKBONE_STRIDE;
        return Grid3.of(frames, side, side);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
        }
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + ": expected a rate in [0, 1), got " + value);
        }
    }

    /** Collects values; {@link #build()} validates them. */
    public static final class Builder {
        private long frames = 16;
        private long frameSize = 112;
        private long backboneWidth = ResNet18Trunk.STANDARD_WIDTH;
        private long dim = 512;
        private long heads = 8;
        private long blocks = 4;
        private long mlpRatio = 4;
        private double attentionDropout = 0.2;
        private double dropPath = 0.1;
        private long classes = 7;
        private Grid3 window;
        private Grid3 pool;
        private SttAttention sttAttention = SttAttention.DIVIDED_TEMPORAL_FIRST;
        private OpsMode ops = OpsMode.FUSED;

        private Builder() {}

        public Builder frames(long value) {
            frames = value;
            return this;
        }

        public Builder frameSize(long value) {
            frameSize = value;
            return this;
        }

        public Builder backboneWidth(long value) {
            backboneWidth = value;
            return this;
        }

        public Builder dim(long value) {
            dim = value;
            return this;
        }

        public Builder heads(long value) {
            heads = value;
            return this;
        }

        public Builder blocks(long value) {
            blocks = value;
            return this;
        }

        public Builder mlpRatio(long value) {
            mlpRatio = value;
            return this;
        }

        /** Dropout on each attention branch's projected output (the fused kernels have no dropout on P). */
        public Builder attentionDropout(double value) {
            attentionDropout = value;
            return this;
        }

        /** Stochastic depth of the last block; earlier blocks get linearly less. */
        public Builder dropPath(double value) {
            dropPath = value;
            return this;
        }

        public Builder classes(long value) {
            classes = value;
            return this;
        }

        /** LOGO-Former's local attention window f x h x w; default (or null) 2 x side x side. */
        public Builder window(Grid3 value) {
            window = value;
            return this;
        }

        /** LOGO-Former's pooling cell (kernel = stride of the depthwise conv); default (or null) 2 x side x side. */
        public Builder pool(Grid3 value) {
            pool = value;
            return this;
        }

        /** STT's attention over the grid; default divided, temporal first (DESIGN.md 6). */
        public Builder sttAttention(SttAttention value) {
            sttAttention = value;
            return this;
        }

        public Builder ops(OpsMode value) {
            ops = value;
            return this;
        }

        public ModelConfig build() {
            positive("frames", frames);  // before the grid below is formed from them
            positive("frameSize", frameSize);
            Grid3 grid = gridOf(frames, frameSize);
            Grid3 fallback = Grid3.of(Math.min(2, grid.frames()), grid.height(), grid.width());
            return new ModelConfig(frames, frameSize, backboneWidth, dim, heads, blocks, mlpRatio, attentionDropout,
                    dropPath, classes, window == null ? fallback : window, pool == null ? fallback : pool, sttAttention, ops);
        }
    }
}
