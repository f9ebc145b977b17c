package io.github.logoformer.autograd;

import static io.github.logoformer.autograd.ToyOps.leaf;
import static io.github.logoformer.autograd.ToyOps.mulSin;
import static io.github.logoformer.autograd.ToyOps.randomDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.ResidentMemory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Node;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contexts live exactly as long as their graph can call back, and memory stays flat. */
class AutogradBridgeLifecycleTest {

    @BeforeEach
    void releaseLeftovers() {
        System.gc();
        AutogradBridge.releaseFinished();
        AutogradBridge.releaseFinished();
    }

    @Test
    void outputNeverBackPropagatedIsReleasedOnceFreedAndSwept() {
        AtomicBoolean closed = new AtomicBoolean();
        Tensor y = mulSin(leaf(randomDouble(4)), randomDouble(4), () -> closed.set(true));
        AutogradBridge.releaseFinished();
        assertFalse(closed.get(), "released while its graph is alive");
        y.close();
        assertTrue(AutogradBridge.releaseFinished() >= 1);
        assertTrue(closed.get());
    }

    @Test
    void consumedGraphIsReleasedWhileTheOutputIsStillHeld() {
        AtomicBoolean closed = new AtomicBoolean();
        Tensor y = mulSin(leaf(randomDouble(4)), leaf(randomDouble(4)), () -> closed.set(true));
        y.sum().backward();
        AutogradBridge.releaseFinished();
        assertTrue(closed.get());
        assertTrue(y.defined());
    }

    @Test
    void noGradModeReturnsPlainOutputAndRegistersNothing() {
        int live = AutogradBridge.liveContexts();
        int closed = ToyOps.CLOSED.get();
        Tensor y;
        try (NoGradGuard guard = new NoGradGuard()) {
            y = mulSin(leaf(randomDouble(4)), leaf(randomDouble(4)));
        }
        assertNoGraph(y);
        assertEquals(live, AutogradBridge.liveContexts());
        assertEquals(closed + 1, ToyOps.CLOSED.get(), "backward closed at once");
    }

    @Test
    void inputsNotRequiringGradReturnPlainOutputAndRegisterNothing() {
        int live = AutogradBridge.liveContexts();
        Tensor y = mulSin(randomDouble(4), randomDouble(4));
        assertNoGraph(y);
        assertEquals(live, AutogradBridge.liveContexts());
    }

    @Test
    void gradientsLeftUnclaimedByPartialAutogradGradAreReleasedAfterTwoSweeps() {
        AtomicBoolean closed = new AtomicBoolean();
        Tensor a = leaf(randomDouble(4));
        Tensor b = leaf(randomDouble(4));
        try (Tensor loss = mulSin(a, b, () -> closed.set(true)).sum();
                TensorVector g = torch.grad(new TensorVector(loss), new TensorVector(a))) {
            assertTrue(g.get(0).defined());
        }
        AutogradBridge.releaseFinished();
        assertFalse(closed.get(), "b's gradient is still unclaimed after one sweep");
        AutogradBridge.releaseFinished();
        assertTrue(closed.get());
    }

    @Test
    void aliasesOutliveTheCallersPointerScope() {
        Tensor a = leaf(randomDouble(5));
        Tensor b = leaf(randomDouble(5));
        Tensor loss;
        try (PointerScope scope = new PointerScope()) {
            Tensor a2 = a.mul(b);
            loss = mulSin(a2, b).sum();
            loss.retainReference(); // keep the loss past the scope; a2 and everything else is freed
        }
        System.gc();
        loss.backward();
        Tensor pa = leaf(a);
        Tensor pb = leaf(b);
        ToyOps.plainMulSin(pa.mul(pb), pb).sum().backward();
        AutogradBridgeGradientTest.assertClose(pa.grad(), a.grad());
        AutogradBridgeGradientTest.assertClose(pb.grad(), b.grad());
    }

    @Test
    void tenThousandIterationsKeepContextsAndResidentMemoryFlat() {
        Tensor a = leaf(randomDouble(16));
        Tensor b = leaf(randomDouble(16));
        int iterations = 10_000;
        int sampleEvery = 500;
        long[] rssKb = new long[iterations / sampleEvery];
        int maxLive = 0;
        for (int i = 0; i < iterations; i++) {
            try (PointerScope scope = new PointerScope()) {
                Tensor y = ToyOps.expTimes(mulSin(a, b));
                y.sum().backward();
            }
            maxLive = Math.max(maxLive, AutogradBridge.liveContexts());
            if (i % sampleEvery == sampleEvery - 1) {
                // RSS includes the Java heap, which grows lazily with garbage; collect it to see native memory.
                rssKb[i / sampleEvery] = ResidentMemory.kilobytesAfterGc();
            }
        }
        assertTrue(maxLive <= 64, "live contexts grew to " + maxLive);
        int q = rssKb.length / 4;
        double second = mean(rssKb, q, 2 * q);
        double last = mean(rssKb, 3 * q, rssKb.length);
        System.out.printf("RSS second-quarter mean %.1f MB, last-quarter mean %.1f MB, max live contexts %d%n",
                second / 1024, last / 1024, maxLive);
        assertTrue(last - second < 8 * 1024, "RSS grew by " + (last - second) / 1024 + " MB");
    }

    private static void assertNoGraph(Tensor y) {
        assertFalse(y.requires_grad());
        try (Node node = y.grad_fn()) {
            assertTrue(node == null || node.isNull());
        }
    }

    private static double mean(long[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
