package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Small models for fast tests: 4 frames of 48 x 48 (a 4 x 3 x 3 token grid), trunk width 8, d = 32. */
final class TinyModels {
    private TinyModels() {}

    /** Which model a test builds: LOGO-Former, or STT with each {@link SttAttention}. */
    enum Kind {
        LOGO_FORMER(ModelKind.LOGOFORMER, null),
        STT(ModelKind.STT, SttAttention.DIVIDED_TEMPORAL_FIRST),
        STT_SPATIAL_FIRST(ModelKind.STT, SttAttention.DIVIDED_SPATIAL_FIRST),
        STT_JOINT(ModelKind.STT, SttAttention.JOINT);

        final ModelKind model;
        private final SttAttention attention;

        Kind(ModelKind model, SttAttention attention) {
            this.model = model;
            this.attention = attention;
        }

        /** {@code config} with this kind's STT attention. */
        ModelConfig configure(ModelConfig config) {
            return attention == null ? config : config.toBuilder().sttAttention(attention).build();
        }

        /** A model with weights drawn from {@code seed}: equal seeds give equal weights in any ops mode. */
        ClipClassifier build(ModelConfig config, long seed) {
            torch.manual_seed(seed);
            return model.build(configure(config));
        }
    }

    /** Windows and pools that split all three grid axes differently; no dropout or drop-path. */
    static ModelConfig.Builder config() {
        return ModelConfig.builder().frames(4).frameSize(48).backboneWidth(8).dim(32).heads(2).blocks(2)
                .mlpRatio(2).classes(5).window(Grid3.of(2, 3, 1)).pool(Grid3.of(4, 1, 3))
                .attentionDropout(0).dropPath(0);
    }

    static Tensor clips(long batch, ModelConfig config) {
        return torch.randn(batch, config.frames(), 3, config.frameSize(), config.frameSize());
    }

    static Tensor targets(long batch, ModelConfig config) {
        return torch.randint(config.classes(), new long[] {batch});
    }
}
