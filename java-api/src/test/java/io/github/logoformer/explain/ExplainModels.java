package io.github.logoformer.explain;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.LogoFormer;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.OpsMode;
import io.github.logoformer.nn.Stt;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Small seeded models for the explanation tests: 4 frames of 48 x 48 (a 4 x 3 x 3 grid), d = 32, 2 heads. */
final class ExplainModels {
    private ExplainModels() {}

    static ModelConfig config(OpsMode ops) {
        return ModelConfig.builder().frames(4).frameSize(48).backboneWidth(8).dim(32).heads(2).blocks(2).mlpRatio(2)
                .classes(5).window(Grid3.of(2, 3, 1)).pool(Grid3.of(2, 1, 3)).attentionDropout(0).dropPath(0).ops(ops)
                .build();
    }

    static ClipClassifier logoFormer(OpsMode ops, long seed) {
        torch.manual_seed(seed);
        return new LogoFormer(config(ops));
    }

    static ClipClassifier stt(OpsMode ops, long seed) {
        torch.manual_seed(seed);
        return new Stt(config(ops));
    }

    static Tensor clip(long seed) {
        torch.manual_seed(seed);
        return torch.randn(1, 4, 3, 48, 48);
    }
}
