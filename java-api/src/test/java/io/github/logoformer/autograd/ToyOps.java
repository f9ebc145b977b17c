package io.github.logoformer.autograd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** Hand-differentiated toy ops run through the bridge, and the same math in plain LibTorch autograd. */
final class ToyOps {
    /** Number of BackwardFunctions closed, to check that each is closed exactly once. */
    static final AtomicInteger CLOSED = new AtomicInteger();

    private ToyOps() {}

    /** y = a * b + sin(a); saves its inputs (declared, so their versions are checked). */
    static Tensor mulSin(Tensor a, Tensor b) {
        return mulSin(a, b, () -> {});
    }

    /** {@link #mulSin(Tensor, Tensor)} that also runs {@code onClose} when its BackwardFunction is closed. */
    static Tensor mulSin(Tensor a, Tensor b, Runnable onClose) {
        return AutogradBridge.apply("mulSin", new Tensor[] {a, b}, in -> {
            Tensor x = in[0];
            Tensor y = in[1];
            Tensor out;
            try (Tensor xy = x.mul(y); Tensor s = x.sin()) {
                out = xy.add(s);
            }
            return new ForwardResult(out, new CountingBackward(g -> {
                try (Tensor gy = g.mul(y); Tensor c = x.cos(); Tensor gc = g.mul(c)) {
                    return new Tensor[] {gy.add(gc), g.mul(x)};
                }
            }) {
                @Override
                public void close() {
                    super.close();
                    onClose.run();
                }
            }, x, y);
        });
    }

    static Tensor plainMulSin(Tensor a, Tensor b) {
        return a.mul(b).add(a.sin());
    }

    /** y = x * exp(x); saves its input and its raw output (dy/dx = exp(x) + y). */
    static Tensor expTimes(Tensor x) {
        return AutogradBridge.apply("expTimes", new Tensor[] {x}, in -> {
            Tensor out;
            try (Tensor e = in[0].exp()) {
                out = in[0].mul(e);
            }
            Tensor savedOut = out.detach();
            Tensor savedIn = in[0];
            return new ForwardResult(out, new CountingBackward(g -> {
                try (Tensor e = savedIn.exp(); Tensor d = e.add(savedOut)) {
                    return new Tensor[] {g.mul(d)};
                }
            }) {
                @Override
                public void close() {
                    savedOut.close();
                    super.close();
                }
            }, savedIn, savedOut);
        });
    }

    static Tensor plainExpTimes(Tensor x) {
        return x.mul(x.exp());
    }

    /** A BackwardFunction that counts its creation and close and fails on use after close. */
    static BackwardFunction countingBackward(Function<Tensor, Tensor[]> f) {
        return new CountingBackward(f);
    }

    static Tensor randomDouble(long... shape) {
        try (TensorOptions options = new TensorOptions(torch.ScalarType.Double)) {
            return torch.randn(shape, options);
        }
    }

    /** A fresh leaf requiring grad with the values of {@code data}. */
    static Tensor leaf(Tensor data) {
        Tensor t = data.detach().clone();
        t.requires_grad_(true);
        return t;
    }

    private static class CountingBackward implements BackwardFunction {
        private final Function<Tensor, Tensor[]> f;
        private boolean closed;

        CountingBackward(Function<Tensor, Tensor[]> f) {
            this.f = f;
        }

        @Override
        public Tensor[] backward(Tensor gradOutput) {
            if (closed) {
                throw new IllegalStateException("backward after close");
            }
            return f.apply(gradOutput);
        }

        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("closed twice");
            }
            closed = true;
            CLOSED.incrementAndGet();
        }
    }
}
