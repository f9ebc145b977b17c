package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.Grid3;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    @Test
    void defaultsAreTheDesignOnes() {
        ModelConfig c = ModelConfig.builder().build();
        assertEquals(Grid3.of(16, 7, 7), c.grid());
        assertEquals(1 + 16 * 49, c.tokens());
        assertEquals(512, c.dim());
        assertEquals(8, c.heads());
        assertEquals(64, c.headDim());
        assertEquals(4, c.blocks());
        assertEquals(4, c.mlpRatio());
        assertEquals(0.2, c.attentionDropout());
        assertEquals(0.1, c.dropPath());
        assertEquals(Grid3.of(2, 7, 7), c.window());
        assertEquals(Grid3.of(2, 7, 7), c.pool());
        assertEquals(OpsMode.FUSED, c.ops());
        assertEquals(0, c.dropPathAt(0));
        assertEquals(0.1, c.dropPathAt(3), 1e-12);
    }

    @Test
    void smallPresetIsTheMainJobsModel() {
        ModelConfig small = ModelConfig.smallBuilder().build();
        assertEquals(ModelConfig.builder().frames(16).frameSize(48).backboneWidth(8).dim(64).heads(4).blocks(1)
                .mlpRatio(2).attentionDropout(0).dropPath(0).build(), small);
        assertEquals(Grid3.of(16, 3, 3), small.grid());
        assertEquals(Grid3.of(2, 3, 3), small.window());
        assertEquals(Grid3.of(2, 3, 3), small.pool());
    }

    @Test
    void defaultWindowAndPoolFollowTheGrid() {
        ModelConfig c = ModelConfig.builder().frames(4).frameSize(48).build();
        assertEquals(Grid3.of(4, 3, 3), c.grid());
        assertEquals(Grid3.of(2, 3, 3), c.window());
        assertEquals(Grid3.of(2, 3, 3), c.pool());
    }

    @Test
    void invalidConfigurationsFailAtConstructionNamingTheValue() {
        assertMessage("window: expected sizes dividing the token grid 16x7x7", () -> ModelConfig.builder()
                .window(Grid3.of(3, 7, 7)).build());
        assertMessage("pool: expected sizes dividing the token grid 16x7x7", () -> ModelConfig.builder()
                .pool(Grid3.of(2, 2, 7)).build());
        assertMessage("dim: expected a multiple of heads = 8, got 100", () -> ModelConfig.builder().dim(100).build());
        assertMessage("attentionDropout: expected a rate in [0, 1), got 1.0",
                () -> ModelConfig.builder().attentionDropout(1).build());
        assertMessage("dropPath: expected a rate in [0, 1), got -0.1", () -> ModelConfig.builder().dropPath(-0.1).build());
        assertMessage("classes: expected >= 2, got 1", () -> ModelConfig.builder().classes(1).build());
        assertMessage("frames: expected >= 1, got 0", () -> ModelConfig.builder().frames(0).build());
        assertMessage("heads: expected >= 1, got 0", () -> ModelConfig.builder().heads(0).build());
    }

    @Test
    void aClipOfTheWrongShapeIsRejectedByName() {
        ModelConfig config = TinyModels.config().build();
        ClipClassifier model = TinyModels.Kind.LOGO_FORMER.build(config, 1);
        assertMessage("clip: expected [B, 4, 3, 48, 48] (B clips of F RGB frames), got [1, 4, 3, 32, 32]",
                () -> model.forward(torch.randn(1, 4, 3, 32, 32)));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage());
    }
}
