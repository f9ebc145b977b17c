package io.github.logoformer.autograd;

import static io.github.logoformer.autograd.ToyOps.expTimes;
import static io.github.logoformer.autograd.ToyOps.leaf;
import static io.github.logoformer.autograd.ToyOps.mulSin;
import static io.github.logoformer.autograd.ToyOps.plainExpTimes;
import static io.github.logoformer.autograd.ToyOps.plainMulSin;
import static io.github.logoformer.autograd.ToyOps.randomDouble;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Gradients through the bridge equal those of the same expression built from plain LibTorch ops. */
class AutogradBridgeGradientTest {

    /** Runs both expressions on fresh leaves with the same data; compares outputs and gradients. */
    private static void assertMatchesPlain(Tensor[] data, Function<Tensor[], Tensor> bridged, Function<Tensor[], Tensor> plain) {
        Tensor[] x = leaves(data);
        Tensor[] p = leaves(data);
        Tensor y = bridged.apply(x);
        Tensor q = plain.apply(p);
        assertClose(q, y);
        y.sum().backward();
        q.sum().backward();
        for (int i = 0; i < x.length; i++) {
            assertClose(p[i].grad(), x[i].grad());
        }
    }

    static Tensor[] leaves(Tensor[] data) {
        Tensor[] out = new Tensor[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = leaf(data[i]);
        }
        return out;
    }

    static void assertClose(Tensor expected, Tensor actual) {
        assertTrue(expected.defined() && actual.defined(), "undefined tensor");
        assertTrue(torch.allclose(actual, expected, 1e-12, 1e-12, true), () -> "expected\n" + expected + "\nactual\n" + actual);
    }

    @Test
    void gradientsMatchPlainAutogradForLeafInputs() {
        assertMatchesPlain(new Tensor[] {randomDouble(3, 4), randomDouble(3, 4)},
                x -> mulSin(x[0], x[1]), p -> plainMulSin(p[0], p[1]));
    }

    @Test
    void gradientsMatchPlainAutogradForZeroDimInputs() {
        assertMatchesPlain(new Tensor[] {randomDouble(), randomDouble()},
                x -> mulSin(x[0], x[1]), p -> plainMulSin(p[0], p[1]));
    }

    @Test
    void gradientsMatchPlainAutogradForNonLeafInputs() {
        assertMatchesPlain(new Tensor[] {randomDouble(5), randomDouble(5)},
                x -> mulSin(x[0].mul(new Scalar(2.0)), x[1].exp()), p -> plainMulSin(p[0].mul(new Scalar(2.0)), p[1].exp()));
    }

    @Test
    void onlyInputsRequiringGradReceiveGradients() {
        Tensor a = leaf(randomDouble(6));
        Tensor b = randomDouble(6);
        Tensor pa = leaf(a);
        mulSin(a, b).sum().backward();
        plainMulSin(pa, b).sum().backward();
        assertClose(pa.grad(), a.grad());
        assertFalse(b.grad().defined());
    }

    @Test
    void sameTensorPassedTwiceAccumulatesBothGradients() {
        assertMatchesPlain(new Tensor[] {randomDouble(7)}, x -> mulSin(x[0], x[0]), p -> plainMulSin(p[0], p[0]));
    }

    @Test
    void inputsThatAreViewsOfOnePackedTensorGetTheirSlicesOfItsGradient() {
        assertMatchesPlain(new Tensor[] {randomDouble(3, 4, 2)},
                x -> mulSin(x[0].select(2, 0), x[0].select(2, 1)),
                p -> plainMulSin(p[0].select(2, 0), p[0].select(2, 1)));
    }

    @Test
    void twoChainedBridgeOpsMatchPlainAutograd() {
        assertMatchesPlain(new Tensor[] {randomDouble(4), randomDouble(4)},
                x -> expTimes(mulSin(x[0], x[1])), p -> plainExpTimes(plainMulSin(p[0], p[1])));
    }

    @Test
    void twelveBridgeOpsInOneGraphMatchPlainAutograd() {
        Function<Tensor[], Tensor> bridged = x -> {
            Tensor h = x[0];
            for (int k = 0; k < 12; k++) {
                h = k % 2 == 0 ? mulSin(h, x[1]) : expTimes(h);
            }
            return h;
        };
        Function<Tensor[], Tensor> plain = p -> {
            Tensor h = p[0];
            for (int k = 0; k < 12; k++) {
                h = k % 2 == 0 ? plainMulSin(h, p[1]) : plainExpTimes(h);
            }
            return h;
        };
        assertMatchesPlain(new Tensor[] {randomDouble(8).mul(new Scalar(0.3)), randomDouble(8).mul(new Scalar(0.3))}, bridged, plain);
    }

    @Test
    void infAndNanInputsDoNotPoisonOtherValuesOrOtherInputsGradients() {
        Tensor a = randomDouble(6);
        a.select(0, 1).fill_(new Scalar(Double.POSITIVE_INFINITY));
        a.select(0, 3).fill_(new Scalar(Double.NaN));
        Tensor[] data = {a, randomDouble(6), randomDouble(6)};
        Tensor[] x = leaves(data);
        Tensor[] p = leaves(data);
        Tensor y = mulSin(x[0], x[1]);
        Tensor q = plainMulSin(p[0], p[1]);
        assertClose(q, y);
        assertTrue(torch.equal(torch.isfinite(q), torch.isfinite(y)));
        y.sum().add(expTimes(x[2]).sum()).backward();
        q.sum().add(plainExpTimes(p[2]).sum()).backward();
        for (int i = 0; i < 3; i++) {
            assertClose(p[i].grad(), x[i].grad());
            assertTrue(torch.equal(torch.isfinite(p[i].grad()), torch.isfinite(x[i].grad())));
        }
        assertTrue(torch.isfinite(x[2].grad()).all().item_bool());
    }

    @Test
    void backwardTwiceWithRetainGraphAccumulatesDoubleGradients() {
        Tensor[] data = {randomDouble(5), randomDouble(5)};
        Tensor[] x = leaves(data);
        Tensor[] p = leaves(data);
        Tensor loss = mulSin(x[0], x[1]).sum();
        Tensor plainLoss = plainMulSin(p[0], p[1]).sum();
        for (int k = 0; k < 2; k++) {
            backwardRetaining(loss);
            backwardRetaining(plainLoss);
        }
        for (int i = 0; i < 2; i++) {
            assertClose(p[i].grad(), x[i].grad());
        }
    }

    @Test
    void secondBackwardWithoutRetainGraphThrowsLibTorchsError() {
        Tensor a = leaf(randomDouble(5));
        Tensor loss = mulSin(a, a).sum();
        loss.backward();
        RuntimeException e = assertThrows(RuntimeException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void errorInBackwardFunctionSurfacesAsExceptionNamingTheOp() {
        Tensor a = leaf(randomDouble(3));
        Tensor y = AutogradBridge.apply("brokenOp", new Tensor[] {a},
                in -> new ForwardResult(in[0].mul(new Scalar(2.0)), ToyOps.countingBackward(g -> new Tensor[0])));
        RuntimeException e = assertThrows(RuntimeException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("brokenOp"), e.getMessage());
    }

    @Test
    void inputModifiedInPlaceAfterForwardFailsBackwardLikeLibTorch() {
        Tensor a = leaf(randomDouble(5));
        Tensor b = leaf(randomDouble(5));
        Tensor loss = mulSin(a, b).sum();
        Tensor plainLoss = plainMulSin(a, b).sum();
        long version = b._version();
        try (NoGradGuard guard = new NoGradGuard()) {
            b.add_(new Scalar(1.0));
        }
        RuntimeException plain = assertThrows(RuntimeException.class, plainLoss::backward);
        RuntimeException bridged = assertThrows(RuntimeException.class, loss::backward);
        String rule = "one of the variables needed for gradient computation has been modified by an inplace operation";
        assertTrue(plain.getMessage().contains(rule), plain.getMessage());
        assertTrue(bridged.getMessage().startsWith(rule + ": [CPUDoubleType [5]], which is saved tensor 1 of mulSin,"
                + " is at version " + (version + 1) + "; expected version " + version + " instead."), bridged.getMessage());
        assertFalse(a.grad().defined(), "no gradient delivered from the failed pass");
    }

    @Test
    void savedOutputModifiedInPlaceFailsBackward() {
        Tensor x = leaf(randomDouble(4));
        Tensor y = ToyOps.expTimes(x);
        Tensor loss = y.sum();
        try (NoGradGuard guard = new NoGradGuard()) {
            y.mul_(new Scalar(2.0));
        }
        RuntimeException e = assertThrows(RuntimeException.class, loss::backward);
        assertTrue(e.getMessage().contains("which is saved tensor 1 of expTimes"), e.getMessage());
    }

    @Test
    void inputModifiedInPlaceAfterBackwardLeavesTheGradientsAlone() {
        Tensor[] data = {randomDouble(5), randomDouble(5)};
        Tensor[] x = leaves(data);
        Tensor[] p = leaves(data);
        mulSin(x[0], x[1]).sum().backward();
        plainMulSin(p[0], p[1]).sum().backward();
        try (NoGradGuard guard = new NoGradGuard()) {
            x[1].add_(new Scalar(1.0));
        }
        assertClose(p[0].grad(), x[0].grad());
    }

    @Test
    void createGraphIsRefusedNamingTheOp() {
        Tensor a = leaf(randomDouble(5));
        Tensor loss = mulSin(a, a).sum();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> loss.backward(new Tensor(), new BoolOptional(true), true, new TensorArrayRefOptional()));
        assertTrue(e.getMessage().startsWith("mulSin: create_graph=true (double backward) is not supported"), e.getMessage());
    }

    @Test
    void autogradGradWithRespectToSomeInputsMatchesPlainAutograd() {
        Tensor[] data = {randomDouble(5), randomDouble(5)};
        Tensor[] x = leaves(data);
        Tensor[] p = leaves(data);
        TensorVector g = torch.grad(new TensorVector(mulSin(x[0], x[1]).sum()), new TensorVector(x[0]));
        TensorVector pg = torch.grad(new TensorVector(plainMulSin(p[0], p[1]).sum()), new TensorVector(p[0]));
        assertClose(pg.get(0), g.get(0));
        assertFalse(x[0].grad().defined());
        assertFalse(x[1].grad().defined());
    }

    static void backwardRetaining(Tensor loss) {
        loss.backward(new Tensor(), new BoolOptional(true), false, new TensorArrayRefOptional());
    }
}
