package io.github.logoformer.nn;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.ops.CompactLoss;
import io.github.logoformer.ops.CompactLossReference;
import io.github.logoformer.ops.CrossAttention;
import io.github.logoformer.ops.CrossAttentionReference;
import io.github.logoformer.ops.GlobalTokens;
import io.github.logoformer.ops.GlobalTokensReference;
import io.github.logoformer.ops.WindowAttention;
import io.github.logoformer.ops.WindowAttentionReference;
import org.bytedeco.pytorch.Tensor;

/**
 * Which implementation of the project's ops the models call: the fused native kernels (float32 or
 * bfloat16 on the CPU, also float16 on CUDA) or their LibTorch reference compositions (any floating dtype). Everything else in a model is plain
 * LibTorch either way, so the two modes compute the same function of the same weights.
 */
public enum OpsMode {
    FUSED {
        @Override
        Tensor windowAttention(Tensor q, Tensor k, Tensor v, WindowAttentionConfig c) {
            return WindowAttention.apply(q, k, v, c);
        }

        @Override
        Tensor globalTokens(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta, GlobalTokensConfig c) {
            return GlobalTokens.apply(x, weight, bias, gamma, beta, c);
        }

        @Override
        Tensor crossAttention(Tensor q, Tensor k, Tensor v, double scale) {
            return CrossAttention.apply(q, k, v, scale);
        }

        @Override
        public Tensor compactLoss(Tensor logits, Tensor targets, double lambda) {
            return CompactLoss.apply(logits, targets, lambda);
        }
    },
    REFERENCE {
        @Override
        Tensor windowAttention(Tensor q, Tensor k, Tensor v, WindowAttentionConfig c) {
            return WindowAttentionReference.apply(q, k, v, c);
        }

        @Override
        Tensor globalTokens(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta, GlobalTokensConfig c) {
            return GlobalTokensReference.apply(x, weight, bias, gamma, beta, c);
        }

        @Override
        Tensor crossAttention(Tensor q, Tensor k, Tensor v, double scale) {
            return CrossAttentionReference.apply(q, k, v, scale);
        }

        @Override
        public Tensor compactLoss(Tensor logits, Tensor targets, double lambda) {
            return CompactLossReference.apply(logits, targets, lambda, Reduction.MEAN);
        }
    };

    abstract Tensor windowAttention(Tensor q, Tensor k, Tensor v, WindowAttentionConfig c);

    abstract Tensor globalTokens(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta, GlobalTokensConfig c);

    abstract Tensor crossAttention(Tensor q, Tensor k, Tensor v, double scale);

    /** The compact softmax cross-entropy (DESIGN.md 4.4), mean over the batch. */
    public abstract Tensor compactLoss(Tensor logits, Tensor targets, double lambda);
}
