package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** SAM around SGD and AdamW against the same updates written out by hand on a tiny linear model (float64). */
class SamTest {
    private static final double LR = 0.1, MOMENTUM = 0.9, DECAY = 0.01, RHO = 0.05;

    @Test
    void twoStepsMatchAManualTwoPassComputation() {
        Fixture f = Fixture.of(4, 5);
        LinearImpl linear = f.linear();
        Tensor x = f.x(), y = f.y(), w = f.w(), b = f.b();
        Tensor bufW = torch.zeros_like(w), bufB = torch.zeros_like(b);

        Sam sam = new Sam(linear.parameters(), RHO, p -> new SgdMomentum(p, MOMENTUM, DECAY));
        for (int step = 0; step < 2; step++) {
            sam.step(LR, () -> linear.forward(x).sub(y).pow(new Scalar(2)).mean());

            Tensor[] g = gradients(w, b, x, y);
            double norm = Math.sqrt(g[0].pow(new Scalar(2)).sum().item_double() + g[1].pow(new Scalar(2)).sum().item_double());
            double scale = RHO / norm;
            Tensor[] gSam = gradients(w.add(g[0].mul(new Scalar(scale))), b.add(g[1].mul(new Scalar(scale))), x, y);
            bufW = bufW.mul(new Scalar(MOMENTUM)).add(gSam[0].add(w.mul(new Scalar(DECAY))));
            bufB = bufB.mul(new Scalar(MOMENTUM)).add(gSam[1].add(b.mul(new Scalar(DECAY))));
            w = w.sub(bufW.mul(new Scalar(LR)));
            b = b.sub(bufB.mul(new Scalar(LR)));

            assertTrue(linear.weight().allclose(w, 1e-10, 1e-10, false), "weight after step " + (step + 1));
            assertTrue(linear.bias().allclose(b, 1e-10, 1e-10, false), "bias after step " + (step + 1));
        }
    }

    @Test
    void rhoZeroIsPlainSgdWithOnePass() {
        Fixture f = Fixture.of(5, 4);
        LinearImpl linear = f.linear();
        Tensor x = f.x(), y = f.y(), w = f.w(), b = f.b();
        int[] passes = {0};
        new Sam(linear.parameters(), 0, p -> new SgdMomentum(p, 0, 0)).step(LR, () -> {
            passes[0]++;
            return linear.forward(x).sub(y).pow(new Scalar(2)).mean();
        });
        Tensor[] g = gradients(w, b, x, y);
        assertTrue(passes[0] == 1, "passes: " + passes[0]);
        assertTrue(linear.weight().allclose(w.sub(g[0].mul(new Scalar(LR))), 1e-10, 1e-10, false));
    }

    /** AdamW's two first steps by hand: bias-corrected moments, decoupled decay on the weight matrix only. */
    @Test
    void adamWMatchesItsFormulaWithDecayOnWeightsOnly() {
        Fixture f = Fixture.of(6, 5);
        LinearImpl linear = f.linear();
        Tensor x = f.x(), y = f.y(), w = f.w(), b = f.b();
        Tensor mW = torch.zeros_like(w), mB = torch.zeros_like(b), vW = torch.zeros_like(w), vB = torch.zeros_like(b);
        Sam adam = new Sam(linear.parameters(), 0, p -> new AdamW(p, DECAY));
        for (int step = 1; step <= 2; step++) {
            adam.step(LR, () -> linear.forward(x).sub(y).pow(new Scalar(2)).mean());

            Tensor[] g = gradients(w, b, x, y);
            mW = mW.mul(new Scalar(0.9)).add(g[0].mul(new Scalar(0.1)));
            mB = mB.mul(new Scalar(0.9)).add(g[1].mul(new Scalar(0.1)));
            vW = vW.mul(new Scalar(0.999)).add(g[0].pow(new Scalar(2)).mul(new Scalar(0.001)));
            vB = vB.mul(new Scalar(0.999)).add(g[1].pow(new Scalar(2)).mul(new Scalar(0.001)));
            double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
            w = w.mul(new Scalar(1 - LR * DECAY))
                    .sub(mW.div(new Scalar(c1)).div(vW.div(new Scalar(c2)).sqrt().add(new Scalar(1e-8))).mul(new Scalar(LR)));
            b = b.sub(mB.div(new Scalar(c1)).div(vB.div(new Scalar(c2)).sqrt().add(new Scalar(1e-8))).mul(new Scalar(LR)));

            assertTrue(linear.weight().allclose(w, 1e-10, 1e-10, false), "weight after step " + step);
            assertTrue(linear.bias().allclose(b, 1e-10, 1e-10, false), "bias after step " + step);
        }
    }

    /** A float64 linear model 3 -> 2 from {@code seed}, {@code n} random samples, and copies of its weights that the tests update by hand. */
    private record Fixture(LinearImpl linear, Tensor x, Tensor y, Tensor w, Tensor b) {
        static Fixture of(long seed, int n) {
            torch.manual_seed(seed);
            LinearImpl linear = new LinearImpl(3, 2);
            linear.to(torch.ScalarType.Double, false);
            Tensor x = torch.randn(n, 3).to(torch.ScalarType.Double), y = torch.randn(n, 2).to(torch.ScalarType.Double);
            return new Fixture(linear, x, y, linear.weight().detach().clone(), linear.bias().detach().clone());
        }
    }

    /** d loss / d (w, b) of mean((x w^T + b - y)^2) by autograd on fresh leaves. */
    private static Tensor[] gradients(Tensor w, Tensor b, Tensor x, Tensor y) {
        Tensor lw = w.detach().clone().requires_grad_(true), lb = b.detach().clone().requires_grad_(true);
        torch.matmul(x, lw.t()).add(lb).sub(y).pow(new Scalar(2)).mean().backward();
        return new Tensor[] {lw.grad().clone(), lb.grad().clone()};
    }
}
