package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;

/**
 * Parameter count and forward cost of one clip, computed layer by layer from a {@link ModelConfig}.
 *
 * <p>Cost is in multiply-accumulates (MACs) of the convolutions, linear layers and attention matmuls
 * (q k^T and P v); norms, activations, softmax, pooling and additions are not counted. The LOGO-Former
 * and STT papers, like most vision papers (fvcore, thop), report this MAC count as "FLOPs";
 * {@link #totalGmacs()} is that number, and twice it is the count of floating-point operations.
 */
public record ModelComplexity(long parameters, long backboneMacs, long transformerMacs) {
    public long totalMacs() {
        return backboneMacs + transformerMacs;
    }

    /** Giga-MACs per clip: the papers' "GFLOPs". */
    public double totalGmacs() {
        return totalMacs() / 1e9;
    }

    /** The cost of the {@code kind} model of configuration {@code c}. */
    public static ModelComplexity of(ModelKind kind, ModelConfig c) {
        return kind == ModelKind.LOGOFORMER ? logoFormer(c) : stt(c);
    }

    public static ModelComplexity logoFormer(ModelConfig c) {
        long d = c.dim(), t = c.tokens(), n = c.grid().volume(), m = n / c.pool().volume();
        long blockMacs = windowAttentionMacs(c, c.window(), false)
                + n * d                           // depthwise pooling conv: each grid value is used once
                + t * d * d + (1 + m) * 2 * d * d // q of every token, k/v of [CLS, pooled]
                + 2 * t * (1 + m) * d             // q k^T and P v over 1 + M keys
                + t * d * d                       // output projection
                + mlpMacs(c);
        long blockParameters = 3 * 2 * d + attentionParameters(d)
                + d * c.pool().volume() + d + 2 * d      // pool conv weight and bias, its LayerNorm
                + d * d + d + 2 * d * d + 2 * d + d * d + d
                + mlpParameters(c);
        return assemble(c, blockMacs, blockParameters);
    }

    /** STT with {@link ModelConfig#sttAttention()}: one whole-grid attention (joint) or two (divided; order is free). */
    public static ModelComplexity stt(ModelConfig c) {
        Grid3 g = c.grid();
        long d = c.dim();
        boolean joint = c.sttAttention() == SttAttention.JOINT;
        long attentionMacs = joint ? windowAttentionMacs(c, g, true)
                : windowAttentionMacs(c, Grid3.of(g.frames(), 1, 1), true)
                        + windowAttentionMacs(c, Grid3.of(1, g.height(), g.width()), true);
        long attentions = joint ? 1 : 2;
        long blockParameters = (attentions + 1) * 2 * d + attentions * attentionParameters(d) + mlpParameters(c);
        return assemble(c, attentionMacs + mlpMacs(c), blockParameters);
    }

    private static ModelComplexity assemble(ModelConfig c, long blockMacs, long blockParameters) {
        long d = c.dim();
        long headMacs = d * c.classes();
        long parameters = backboneParameters(c) + 2 * d + c.grid().volume() * d   // CLS, its and the grid's embedding
                + c.blocks() * blockParameters + 2 * d + d * c.classes() + c.classes();
        return new ModelComplexity(parameters, c.frames() * backboneMacsPerFrame(c),
                c.blocks() * blockMacs + headMacs);
    }

    /** qkv, window attention with CLS as an extra key (plus STT's dense CLS query), output projection. */
    private static long windowAttentionMacs(ModelConfig c, Grid3 window, boolean clsQuery) {
        long d = c.dim(), t = c.tokens(), n = c.grid().volume();
        return t * d * 3 * d + 2 * n * (window.volume() + 1) * d + (clsQuery ? 2 * t * d : 0) + t * d * d;
    }

    private static long attentionParameters(long d) {
        return 3 * d * d + 3 * d + d * d + d;
    }

    private static long mlpMacs(ModelConfig c) {
        return 2 * c.tokens() * c.dim() * c.mlpRatio() * c.dim();
    }

    private static long mlpParameters(ModelConfig c) {
        long d = c.dim(), hidden = c.mlpRatio() * d;
        return d * hidden + hidden + hidden * d + d;
    }

    /** ResNet-18 conv1 .. layer3 at width w, then the 1 x 1 projection to d, on one frame. */
    private static long backboneMacsPerFrame(ModelConfig c) {
        long w = c.backboneWidth(), d = c.dim();
        long s1 = half(c.frameSize()), s2 = half(s1), s3 = half(s2), s4 = half(s3);
        long conv1 = s1 * s1 * w * 3 * 49;
        long layer1 = 4 * s2 * s2 * w * w * 9;
        long layer2 = s3 * s3 * (2 * w * w * 9 + 3 * 4 * w * w * 9 + 2 * w * w);
        long layer3 = s4 * s4 * (8 * w * w * 9 + 3 * 16 * w * w * 9 + 8 * w * w);
        return conv1 + layer1 + layer2 + layer3 + s4 * s4 * 4 * w * d;
    }

    private static long backboneParameters(ModelConfig c) {
        long w = c.backboneWidth();
        long convs = 3 * w * 49 + 4 * 9 * w * w + (9 * 2 * w * w + 3 * 9 * 4 * w * w + 2 * w * w)
                + (9 * 8 * w * w + 3 * 9 * 16 * w * w + 8 * w * w);
        long batchNorms = 2 * (w + 4 * w + 5 * 2 * w + 5 * 4 * w);  // gamma and beta of every conv's BN
        return convs + batchNorms + 4 * w * c.dim() + c.dim();
    }

    /** Output side of a stride-2 layer of ResNet (3 x 3 or 7 x 7 conv, or the max pool). */
    private static long half(long size) {
        return (size + 1) / 2;
    }
}
