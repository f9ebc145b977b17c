package io.github.logoformer.benchmarks;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.LogoFormer;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.OpsMode;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole LOGO-Former at the defaults (16 frames of 112 x 112, d = 512, 8 heads, 4 blocks, window and pool
 * 2x7x7), batch 2, float32: the model with fused ops beside the same weights with the LibTorch reference
 * ops. Forward: eval mode, no autograd graph. Forward+backward: training mode (dropout, drop-path, batch
 * statistics), compact loss, gradients of every parameter. {@code backbone*} and {@code transformer*} time
 * the two halves alone (the transformer on precomputed tokens), for the share of each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LogoFormerBenchmark {
    static final long BATCH = 2;
    static final double LAMBDA = 0.5;

    private ClipClassifier fused;
    private ClipClassifier reference;
    private Tensor clips;
    private Tensor targets;
    private Tensor tokens;
    private Tensor tokensGrad;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        ModelConfig config = ModelConfig.builder().build();
        torch.manual_seed(1);
        fused = new LogoFormer(config);
        torch.manual_seed(1);  // the same weights
        reference = new LogoFormer(config.withOps(OpsMode.REFERENCE));
        clips = torch.randn(BATCH, config.frames(), 3, config.frameSize(), config.frameSize());
        targets = torch.randint(config.classes(), new long[] {BATCH});
        try (NoGradGuard guard = new NoGradGuard()) {
            fused.eval();
            tokens = fused.backbone(clips);
        }
        tokensGrad = torch.randn(BATCH, config.grid().volume(), config.dim());
    }

    @Benchmark
    public Tensor forwardFused() {
        return forward(fused);
    }

    @Benchmark
    public Tensor forwardReference() {
        return forward(reference);
    }

    @Benchmark
    public double forwardBackwardFused() {
        return forwardBackward(fused);
    }

    @Benchmark
    public double forwardBackwardReference() {
        return forwardBackward(reference);
    }

    /** The CNN half alone (identical in both modes). */
    @Benchmark
    public Tensor backboneForward() {
        fused.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return fused.backbone(clips);
        }
    }

    @Benchmark
    public Tensor transformerForwardFused() {
        return transformerForward(fused);
    }

    @Benchmark
    public Tensor transformerForwardReference() {
        return transformerForward(reference);
    }

    @Benchmark
    public boolean backboneForwardBackward() {
        fused.train(true);
        fused.zero_grad(true);
        try (PointerScope scope = new PointerScope()) {
            fused.backbone(clips).backward(tokensGrad, new BoolOptional(), false, new TensorArrayRefOptional());
            return true;
        }
    }

    @Benchmark
    public double transformerForwardBackwardFused() {
        return transformerForwardBackward(fused);
    }

    @Benchmark
    public double transformerForwardBackwardReference() {
        return transformerForwardBackward(reference);
    }

    private Tensor forward(ClipClassifier model) {
        model.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return model.forward(clips);
        }
    }

    private double forwardBackward(ClipClassifier model) {
        model.train(true);
        model.zero_grad(true);
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = model.loss(model.forward(clips), targets, LAMBDA);
            loss.backward();
            return loss.item_double();
        }
    }

    private Tensor transformerForward(ClipClassifier model) {
        model.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            return model.classify(tokens);
        }
    }

    private double transformerForwardBackward(ClipClassifier model) {
        model.train(true);
        model.zero_grad(true);
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = model.loss(model.classify(tokens), targets, LAMBDA);
            loss.backward();
            return loss.item_double();
        }
    }
}
