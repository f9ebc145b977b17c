package io.github.logoformer.panama;

import static io.github.logoformer.panama.Segments.assertSameBits;
import static io.github.logoformer.panama.Segments.nanFloats;
import static io.github.logoformer.panama.Segments.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Global tokens through FFM against the JavaCPP path: same bits, same argument errors. */
class GlobalTokensTest {
    static final long B = 2, C = 6;
    static final GlobalTokensConfig CONFIG = GlobalTokensConfig.of(Grid3.of(4, 3, 4), Grid3.of(2, 3, 2));
    static final long N = CONFIG.grid().volume(), M = CONFIG.pooledTokens(), POOL = CONFIG.pool().volume();

    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();
    }

    @Test
    void forwardAndBackwardMatchJavaCppBitForBit() {
        try (Arena arena = Arena.ofConfined()) {
            // x skips one leading CLS token: a strided view, as models pass it.
            MemorySegment tokens = randomFloats(arena, B * (N + 1) * C, 1);
            TensorSegment x = new TensorSegment(tokens.asSlice(C * 4L), new long[] {B, N, C}, new long[] {(N + 1) * C, C, 1});
            TensorSegment weight = TensorSegment.contiguous(randomFloats(arena, C * POOL, 2), C, 1, 2, 3, 2);
            TensorSegment bias = TensorSegment.contiguous(randomFloats(arena, C, 3), C);
            TensorSegment gamma = TensorSegment.contiguous(randomFloats(arena, C, 4), C);
            TensorSegment beta = TensorSegment.contiguous(randomFloats(arena, C, 5), C);
            TensorSegment dOut = TensorSegment.contiguous(randomFloats(arena, B * M * C, 6), B, M, C);
            MemorySegment[] ffm = outputs(arena), javaCpp = outputs(arena);

            TensorSegment out = TensorSegment.contiguous(ffm[0], B, M, C);
            GlobalTokens.forward(x, weight, bias, gamma, beta, out, ffm[1], ffm[2], CONFIG);
            GlobalTokens.backward(x, weight, bias, gamma, ffm[1], ffm[2], dOut, TensorSegment.contiguous(ffm[3], B, N, C),
                    TensorSegment.contiguous(ffm[4], C, 1, 2, 3, 2), TensorSegment.contiguous(ffm[5], C),
                    TensorSegment.contiguous(ffm[6], C), TensorSegment.contiguous(ffm[7], C), CONFIG);

            long[] w4 = {POOL, 6, 2, 1}, bmc = {M * C, C, 1};
            int status = LogoformerNative.globalTokensForward(0, 0, 0, B, C, 4, 3, 4, 2, 3, 2, (float) CONFIG.eps(),
                    x.data().address(), x.strides(), weight.data().address(), w4, bias.data().address(), 1,
                    gamma.data().address(), 1, beta.data().address(), 1, javaCpp[0].address(), bmc,
                    javaCpp[1].address(), javaCpp[2].address());
            assertEquals(0, status);
            status = LogoformerNative.globalTokensBackward(0, 0, 0, B, C, 4, 3, 4, 2, 3, 2, (float) CONFIG.eps(),
                    x.data().address(), x.strides(), weight.data().address(), w4, bias.data().address(), 1,
                    gamma.data().address(), 1, javaCpp[1].address(), javaCpp[2].address(), dOut.data().address(), bmc,
                    javaCpp[3].address(), new long[] {N * C, C, 1}, javaCpp[4].address(), w4,
                    javaCpp[5].address(), 1, javaCpp[6].address(), 1, javaCpp[7].address(), 1);
            assertEquals(0, status);
            String[] names = {"out", "mean", "rstd", "dx", "dWeight", "dBias", "dGamma", "dBeta"};
            for (int i = 0; i < names.length; i++) {
                assertSameBits(javaCpp[i], ffm[i], names[i]);
            }
        }
    }

    /** out, mean, rstd, dx, dWeight, dBias, dGamma, dBeta (NaN-filled). */
    private static MemorySegment[] outputs(Arena arena) {
        return new MemorySegment[] {nanFloats(arena, B * M * C), nanFloats(arena, B * M), nanFloats(arena, B * M),
                nanFloats(arena, B * N * C), nanFloats(arena, C * POOL), nanFloats(arena, C), nanFloats(arena, C),
                nanFloats(arena, C)};
    }

    @Test
    void argumentErrorsMatchTheJavaCppLayer() {
        try (Arena arena = Arena.ofConfined()) {
            TensorSegment x = TensorSegment.contiguous(randomFloats(arena, B * N * C, 1), B, N, C);
            TensorSegment flatWeight = TensorSegment.contiguous(randomFloats(arena, C * POOL, 2), C, 2, 3, 2);
            TensorSegment c = TensorSegment.contiguous(randomFloats(arena, C, 3), C);
            MemorySegment[] o = outputs(arena);
            TensorSegment out = TensorSegment.contiguous(o[0], B, M, C);
            var tx = torch.randn(B, N, C);
            var tc = torch.randn(C);
            WindowAttentionTest.assertSameMessage(
                    () -> GlobalTokens.forward(x, flatWeight, c, c, c, out, o[1], o[2], CONFIG),
                    () -> io.github.logoformer.ops.GlobalTokens.apply(tx, torch.randn(C, 2, 3, 2), tc, tc, tc, CONFIG));
        }
    }
}
