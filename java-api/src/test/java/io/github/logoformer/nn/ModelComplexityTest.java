package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.TinyModels.Kind;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelComplexityTest {
    /** 2 frames of 16 x 16 (grid 2x1x1: N = 2, T = 3), trunk width 1, d = 2, 1 head, 1 block, MLP ratio 1. */
    static final ModelConfig HAND = ModelConfig.builder().frames(2).frameSize(16).backboneWidth(1).dim(2).heads(1)
            .blocks(1).mlpRatio(1).classes(2).window(Grid3.of(1, 1, 1)).pool(Grid3.of(2, 1, 1)).build();

    /**
     * Per frame (sides 8, 4, 2, 1 after conv1, max pool, layer2, layer3): conv1 64*3*49 = 9408; layer1
     * 4*16*9 = 576; layer2 4*(2*9 + 3*4*9 + 2) = 512; layer3 1*(8*9 + 3*16*9 + 8) = 512; projection 4*2 = 8:
     * 11016, times 2 frames = 22032. Head 2*2 = 4.
     */
    static final long BACKBONE = 22032;

    @Test
    void logoFormerMacsMatchAHandCount() {
        // qkv 3*2*6 = 36, window 2*N*(L+1)*d = 2*2*2*2 = 16, proj 3*4 = 12, pooling N*d = 4, q 12,
        // kv (1+M)*d*2d = 16, attention 2*T*(1+M)*d = 24, proj 12, MLP 2*T*d*d = 24: 156, head 4.
        ModelComplexity c = ModelComplexity.logoFormer(HAND);
        assertEquals(BACKBONE, c.backboneMacs());
        assertEquals(156 + 4, c.transformerMacs());
    }

    @Test
    void sttMacsMatchAHandCount() {
        // temporal (L = 2): qkv 36, window 2*2*3*2 = 24, CLS query 2*T*d = 12, proj 12: 84;
        // spatial (L = 1): 36 + 16 + 12 + 12 = 76; MLP 24: 184, head 4.
        ModelComplexity c = ModelComplexity.stt(HAND);
        assertEquals(BACKBONE, c.backboneMacs());
        assertEquals(184 + 4, c.transformerMacs());
    }

    @Test
    void jointSttMacsMatchAHandCount() {
        // one attention over the whole grid (L = 2): qkv 36, window 2*2*3*2 = 24, CLS query 12, proj 12: 84;
        // MLP 24: 108, head 4.
        ModelComplexity c = ModelComplexity.stt(HAND.toBuilder().sttAttention(SttAttention.JOINT).build());
        assertEquals(BACKBONE, c.backboneMacs());
        assertEquals(108 + 4, c.transformerMacs());
        assertEquals(ModelComplexity.stt(HAND),
                ModelComplexity.stt(HAND.toBuilder().sttAttention(SttAttention.DIVIDED_SPATIAL_FIRST).build()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void parameterCountEqualsTheBuiltModels(Kind kind) {
        for (ModelConfig config : new ModelConfig[] {HAND, TinyModels.config().build()}) {
            ClipClassifier model = kind.build(config, 1);
            TensorVector parameters = model.parameters();
            long count = 0;
            for (long i = 0; i < parameters.size(); i++) {
                count += parameters.get(i).numel();
            }
            ModelComplexity c = ModelComplexity.of(kind.model, kind.configure(config));
            assertEquals(count, c.parameters(), kind + " " + config);
        }
    }
}
