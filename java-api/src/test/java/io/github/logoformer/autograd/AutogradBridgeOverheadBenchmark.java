package io.github.logoformer.autograd;

import static io.github.logoformer.autograd.ToyOps.leaf;

import java.util.function.BinaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Forward+backward time through the bridge vs the same math in plain LibTorch ops (float32). */
@EnabledIfSystemProperty(named = "bridge.benchmark", matches = "true")
class AutogradBridgeOverheadBenchmark {

    @Test
    void printOverheadPerCall() {
        report(16, 20_000);
        report(1 << 20, 300);
    }

    private static void report(int elements, int iterations) {
        Tensor a = leaf(torch.randn(elements));
        Tensor b = leaf(torch.randn(elements));
        double plain = microsPerCall(a, b, ToyOps::plainMulSin, iterations);
        double bridged = microsPerCall(a, b, ToyOps::mulSin, iterations);
        plain = microsPerCall(a, b, ToyOps::plainMulSin, iterations);
        System.out.printf("%,d elements: plain %.1f us, bridge %.1f us, overhead %.1f us per forward+backward%n",
                elements, plain, bridged, bridged - plain);
    }

    private static double microsPerCall(Tensor a, Tensor b, BinaryOperator<Tensor> op, int iterations) {
        for (int i = 0; i < iterations / 2; i++) {
            step(a, b, op);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            step(a, b, op);
        }
        return (System.nanoTime() - start) / 1e3 / iterations;
    }

    private static void step(Tensor a, Tensor b, BinaryOperator<Tensor> op) {
        try (PointerScope scope = new PointerScope()) {
            op.apply(a, b).sum().backward();
        }
    }
}
