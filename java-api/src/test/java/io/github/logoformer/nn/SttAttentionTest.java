package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each {@link SttAttention} computes: joint is dense attention over the whole clip; divided's order matters. */
class SttAttentionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OpsMode.class)
    void jointAttentionIsDenseSelfAttentionOverEveryTokenOfTheClip(OpsMode ops) {
        ModelConfig config = TinyModels.config().sttAttention(SttAttention.JOINT).ops(ops).build();
        torch.manual_seed(3);
        var attention = new WindowSelfAttention(config, config.grid(), true);
        Tensor x = torch.randn(2, config.tokens(), config.dim());
        Tensor got = attention.forward(x, "joint", null);

        attention.to(torch.ScalarType.Double, false);
        Tensor x64 = x.to(torch.ScalarType.Double);
        var p = ModuleState.of(attention);
        long b = x.size(0), t = x.size(1), h = config.heads(), d = config.headDim();
        Tensor qkv = torch.linear(x64, p.get("qkv.weight"), p.get("qkv.bias")).view(b, t, 3, h, d).permute(2, 0, 3, 1, 4);
        Tensor q = qkv.select(0, 0), k = qkv.select(0, 1), v = qkv.select(0, 2);
        Tensor scores = torch.matmul(q, k.transpose(-2, -1)).div(new org.bytedeco.pytorch.Scalar(Math.sqrt(d)));
        Tensor heads = torch.matmul(torch.softmax(scores, -1), v).permute(0, 2, 1, 3).reshape(b, t, config.dim());
        Tensor want = torch.linear(heads, p.get("proj.weight"), p.get("proj.bias"));

        double error = ModelParityTest.relativeError(got, want);
        assertTrue(error < 1e-5, ops + ": relative error " + error);
    }

    @Test
    void jointBlocksHoldOneAttentionAndDividedBlocksTwoNamedByWhatTheyAttendOver() {
        assertEquals(List.of("norm1", "attention", "norm2", "mlp"), children(SttAttention.JOINT));
        assertEquals(List.of("norm1", "temporal_attention", "norm2", "spatial_attention", "norm3", "mlp"),
                children(SttAttention.DIVIDED_TEMPORAL_FIRST));
        assertEquals(List.of("norm1", "spatial_attention", "norm2", "temporal_attention", "norm3", "mlp"),
                children(SttAttention.DIVIDED_SPATIAL_FIRST));
    }

    @Test
    void theTwoDividedOrdersAreDifferentFunctionsOfTheSameWeights() {
        ModelConfig temporalFirst = TinyModels.config().build();
        ModelConfig spatialFirst = temporalFirst.toBuilder().sttAttention(SttAttention.DIVIDED_SPATIAL_FIRST).build();
        torch.manual_seed(1);
        ClipClassifier a = new Stt(temporalFirst);
        Path file = dir.resolve("stt.pt");
        ModelWeights.save(a, file);
        ClipClassifier b = new Stt(spatialFirst);
        ModelWeights.load(b, file);  // same names and shapes: only the order of the two attentions differs
        a.eval();
        b.eval();
        Tensor clips = TinyModels.clips(2, temporalFirst);
        Tensor la = a.forward(clips), lb = b.forward(clips);
        assertFalse(la.allclose(lb, 1e-3, 1e-4, false), "swapping the attentions must change the function");
    }

    private static List<String> children(SttAttention attention) {
        var names = new SttBlock(TinyModels.config().sttAttention(attention).build(), 0).named_children().keys();
        return java.util.stream.LongStream.range(0, names.size()).mapToObj(i -> names.get(i).getString()).toList();
    }
}
