package io.github.logoformer.benchmarks;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.ops.CompactLoss;
import io.github.logoformer.ops.CompactLossReference;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fused compact loss (mean reduction, lambda 0.5) beside its LibTorch composition: loss and the
 * gradient of the logits, at the 7 classes of DFEW/FERV39K and at 1000, for a training batch and a
 * large one, on float32 and bfloat16 logits (no autocast: the composition runs in bfloat16 too; the
 * fused loss is float32 in both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompactLossBenchmark {
    static final double LAMBDA = 0.5;

    @Param({"7", "1000"})
    public long classes;

    @Param({"32", "4096"})
    public long batch;

    @Param({"float32", "bfloat16"})
    public String dtype;

    private Tensor logits, targets, unitGradient, unitGradientOfLogitsDtype;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        torch.manual_seed(1);
        logits = torch.randn(batch, classes).mul_(new org.bytedeco.pytorch.Scalar(3.0))
                .to(BenchmarkRuntime.scalarType(dtype)).requires_grad_(true);
        targets = torch.randint(classes, new long[] {batch}).to(torch.ScalarType.Long);
        unitGradient = torch.ones(new long[0]);  // the fused loss is float32
        unitGradientOfLogitsDtype = unitGradient.to(logits.scalar_type());  // the composition's
    }

    @Benchmark
    public TensorVector forwardBackwardFused() {
        try (PointerScope scope = new PointerScope()) {
            return gradient(CompactLoss.apply(logits, targets, LAMBDA, Reduction.MEAN));
        }
    }

    @Benchmark
    public TensorVector forwardBackwardComposition() {
        try (PointerScope scope = new PointerScope()) {
            return gradient(CompactLossReference.apply(logits, targets, LAMBDA, Reduction.MEAN));
        }
    }

    /** autograd::grad returns the gradient instead of accumulating it: no state between invocations. */
    private TensorVector gradient(Tensor loss) {
        return torch.grad(new TensorVector(loss), new TensorVector(logits), new TensorVector(
                loss.scalar_type().intern() == torch.ScalarType.Float ? unitGradient : unitGradientOfLogitsDtype),
                new BoolOptional(), false, false);
    }
}
