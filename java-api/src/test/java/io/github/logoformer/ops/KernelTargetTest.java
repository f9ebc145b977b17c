package io.github.logoformer.ops;

import static io.github.logoformer.ops.CrossAttentionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Which kernels an op's inputs select, and the errors for inputs no kernel takes (no GPU needed). */
class KernelTargetTest {
    @Test
    void float32CpuTensorsRunTheCpuKernelsWithoutAStream() {
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(torch.randn(2, 3), "x");
        assertEquals(io.github.logoformer.abi.Device.CPU.code(), target.device());
        assertEquals(io.github.logoformer.abi.Dtype.FLOAT32.code(), target.dtype());
        assertEquals(0, target.stream());
        Tensor made = target.empty(4, 5);
        assertTrue(made.is_cpu() && made.scalar_type().intern() == torch.ScalarType.Float);
        assertEquals(torch.ScalarType.Float, target.emptyFloat32(3).scalar_type().intern());
        try (KernelTarget.Scope onDevice = target.enter()) {
            assertTrue(onDevice != null);
        }
    }

    @Test
    void float16OnTheCpuNamesTheDevicesThatTakeIt() {
        Tensor q = torch.randn(1, 9, 2, 4).to(torch.ScalarType.Half);
        WindowAttentionConfig config = WindowAttentionConfig.of(Grid3.of(1, 3, 3), Grid3.of(1, 3, 3), 0, 4);
        assertMessage("q: expected dtype float32 or bfloat16 on the CPU (float16 runs on CUDA only), got float16",
                () -> WindowAttention.apply(q, q, q, config));
    }

    @Test
    void bfloat16CpuTensorsRunTheCpuKernelsInBfloat16() {
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(torch.randn(2, 3).to(torch.ScalarType.BFloat16), "x");
        assertEquals(io.github.logoformer.abi.Device.CPU.code(), target.device());
        assertEquals(io.github.logoformer.abi.Dtype.BFLOAT16.code(), target.dtype());
        assertEquals(torch.ScalarType.BFloat16, target.empty(4, 5).scalar_type().intern());
        assertEquals(torch.ScalarType.Float, target.emptyFloat32(3).scalar_type().intern());
    }

    @Test
    void theSharedCpuOptionsOutliveThePointerScopeOpenWhenTheyAreMade() throws ReflectiveOperationException {
        LogoformerNative.load();
        Tensor bf16 = torch.randn(2, 3).to(torch.ScalarType.BFloat16);
        try (PointerScope callers = new PointerScope()) {
            // Initialises KernelTarget inside this scope when this test runs first (a trainer's batch scope).
            assertEquals(torch.ScalarType.BFloat16, KernelTarget.of(bf16, "x").empty(4).scalar_type().intern());
        }
        for (String name : new String[] {"CPU_FLOAT32", "CPU_BFLOAT16"}) {
            Field field = KernelTarget.class.getDeclaredField(name);
            field.setAccessible(true);
            TensorOptions options = (TensorOptions) field.get(null);
            // Owned by the class: a reference no scope releases (a scope's would be freed at its close).
            assertTrue(!options.isNull() && options.referenceCount() >= 1, name + ": " + options.referenceCount());
        }
        assertEquals(torch.ScalarType.BFloat16, KernelTarget.of(bf16, "x").empty(4).scalar_type().intern());
        assertEquals(torch.ScalarType.Float, KernelTarget.of(torch.randn(2), "x").empty(4).scalar_type().intern());
    }

    @Test
    void everyInputMustShareTheFirstInputsDtype() {
        Tensor x = torch.randn(1, 4, 3), weight = torch.randn(3, 1, 1, 2, 2), c = torch.randn(3);
        GlobalTokensConfig config = GlobalTokensConfig.of(Grid3.of(1, 2, 2), Grid3.of(1, 2, 2));
        assertMessage("gamma: expected dtype float32 like the op's first input, got float64",
                () -> GlobalTokens.apply(x, weight, c, c.to(torch.ScalarType.Double), c, config));
    }

    @Test
    void aDeviceWithoutKernelsIsRefusedByName() {
        Tensor meta = torch.empty(new long[] {1, 3, 2, 4}, new TensorOptions(new Device("meta")), new MemoryFormatOptional());
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> CrossAttention.apply(meta, meta, meta, 0.5));
        assertEquals("q: expected a CPU or CUDA tensor, got device meta", error.getMessage());
        Tensor cpu = torch.randn(1, 3, 2, 4);
        assertMessage("k: expected a tensor on cpu like the op's first input, got device meta",
                () -> CrossAttention.apply(cpu, meta, meta, 0.5));
    }

    @Test
    void dtypeNamesArePyTorchs() {
        assertEquals("float32", KernelTarget.dtypeName(torch.ScalarType.Float));
        assertEquals("bfloat16", KernelTarget.dtypeName(torch.ScalarType.BFloat16));
        assertEquals("float16", KernelTarget.dtypeName(torch.ScalarType.Half));
        assertEquals("int64", KernelTarget.dtypeName(torch.ScalarType.Long));
    }
}
