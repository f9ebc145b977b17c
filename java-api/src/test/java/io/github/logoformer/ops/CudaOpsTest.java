package io.github.logoformer.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.kernels.LogoformerNative;
import java.util.function.Function;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every op on CUDA tensors (float32, bfloat16, float16) against the same op on the CPU in float32, from
 * the same dtype-rounded inputs: output and every input gradient. Runs where LibTorch sees a GPU and
 * the native library was built with CUDA (the linux-x86_64-gpu classifier); skipped, and reported as
 * skipped, elsewhere.
 */
@EnabledIf("gpuUsable")
class CudaOpsTest {
    private static final Device GPU = new Device("cuda:0");

    static boolean gpuUsable() {
        LogoformerNative.load();
        return torch.cuda_is_available() && LogoformerNative.cudaAvailable() != 0;
    }

    /** The dtypes under test and their tolerance, relative to the largest reference value. */
    enum Precision {
        FLOAT32(torch.ScalarType.Float, 1e-4), BFLOAT16(torch.ScalarType.BFloat16, 3e-2), FLOAT16(torch.ScalarType.Half, 5e-3);

        final torch.ScalarType type;
        final double tolerance;

        Precision(torch.ScalarType type, double tolerance) {
            this.type = type;
            this.tolerance = tolerance;
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void windowAttention(Precision p) {
        WindowAttentionConfig config = WindowAttentionConfig.of(Grid3.of(4, 7, 7), Grid3.of(2, 7, 7), 1, 24);
        Tensor x = torch.randn(2, config.tokens(), 3, 24);
        assertCudaMatchesCpu("window attention", in -> WindowAttention.apply(in[0], in[1], in[2], config), p,
                x, torch.randn(2, config.tokens(), 3, 24), torch.randn(2, config.tokens(), 3, 24));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void crossAttention(Precision p) {
        assertCudaMatchesCpu("cross attention", in -> CrossAttention.apply(in[0], in[1], in[2], 0.2), p,
                torch.randn(2, 197, 3, 40), torch.randn(2, 9, 3, 40), torch.randn(2, 9, 3, 40));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void globalTokens(Precision p) {
        GlobalTokensConfig config = GlobalTokensConfig.of(Grid3.of(4, 6, 10), Grid3.of(2, 3, 5));
        assertCudaMatchesCpu("global tokens", in -> GlobalTokens.apply(in[0], in[1], in[2], in[3], in[4], config), p,
                torch.randn(2, 240, 33), torch.randn(33, 1, 2, 3, 5), torch.randn(33), torch.randn(33), torch.randn(33));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void compactLoss(Precision p) {
        Tensor targets = torch.randint(7, new long[] {37});
        assertCudaMatchesCpu("compact loss",
                in -> CompactLoss.apply(in[0], targets.to(in[0].device(), torch.ScalarType.Long), 0.5, Reduction.NONE), p,
                torch.randn(37, 7).mul(new org.bytedeco.pytorch.Scalar(3)));
    }

    private static void assertCudaMatchesCpu(String what, Function<Tensor[], Tensor> op, Precision p, Tensor... inputs) {
        Tensor[] cpu = new Tensor[inputs.length], gpu = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor rounded = inputs[i].to(p.type).to(torch.ScalarType.Float);  // both sides see the same values
            cpu[i] = rounded.detach().requires_grad_(true);
            gpu[i] = rounded.to(GPU, p.type).detach().requires_grad_(true);
        }
        Tensor cpuOut = op.apply(cpu), gpuOut = op.apply(gpu);
        Tensor upstream = torch.randn(TensorChecks.sizes(cpuOut));
        cpuOut.mul(upstream).sum().backward();
        gpuOut.mul(upstream.to(GPU, gpuOut.scalar_type().intern())).sum().backward();
        assertWithin(p, what + " output", gpuOut, cpuOut);
        for (int i = 0; i < inputs.length; i++) {
            assertWithin(p, what + " gradient of input " + i, gpu[i].grad(), cpu[i].grad());
        }
    }

    private static void assertWithin(Precision p, String what, Tensor gpu, Tensor cpu) {
        double error = TensorAssertions.relativeError(gpu.to(new Device("cpu"), torch.ScalarType.Float), cpu);
        assertTrue(error <= p.tolerance, what + " (" + p + "): relative error " + error + " > " + p.tolerance);
    }
}
