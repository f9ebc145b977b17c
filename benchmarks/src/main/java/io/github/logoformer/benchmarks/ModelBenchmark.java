package io.github.logoformer.benchmarks;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.OpsMode;
import io.github.logoformer.nn.Precision;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole LOGO-Former or STT at the defaults (16 frames of 112 x 112, d = 512, 8 heads, 4 blocks, window
 * and pool 2x7x7), batch {@value #BATCH}, in a {@link Precision}: fp32, or bf16 (CPU autocast to bfloat16,
 * float32 parameters). The model with fused ops beside the same weights with the LibTorch reference ops.
 * Forward: eval mode, no autograd graph. Forward+backward (a training step without the optimiser):
 * training mode (dropout, drop-path, batch statistics), compact loss, gradients of every parameter.
 * {@code backbone*} and {@code transformer*} time the two halves alone (the transformer on precomputed
 * tokens), for the share of each. The report prints clips per second beside the times, and pairs fused
 * bf16 with the fp32 baselines too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ModelBenchmark {
    static final long BATCH = 2;
    static final double LAMBDA = 0.5;

    @Param({"logoformer", "stt"})
    public String model;

    @Param({"bf16", "fp32"})
    public String precision;

    private Precision forwardPrecision;
    private ClipClassifier fused;
    private ClipClassifier reference;
    private Tensor clips;
    private Tensor targets;
    private Tensor tokens;
    private Tensor tokensGrad;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        forwardPrecision = Precision.of(precision);
        ModelConfig config = ModelConfig.builder().build();
        ModelKind kind = ModelKind.of(model);
        torch.manual_seed(1);
        fused = kind.build(config);
        torch.manual_seed(1);  // the same weights
        reference = kind.build(config.withOps(OpsMode.REFERENCE));
        clips = torch.randn(BATCH, config.frames(), 3, config.frameSize(), config.frameSize());
        targets = torch.randint(config.classes(), new long[] {BATCH});
        try (NoGradGuard guard = new NoGradGuard(); var autocast = forwardPrecision.enter()) {
            fused.eval();
            tokens = fused.backbone(clips);
        }
        tokensGrad = torch.randn(BATCH, config.grid().volume(), config.dim()).to(tokens.scalar_type());
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
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard();
                var autocast = forwardPrecision.enter()) {
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
            Tensor out;
            try (var autocast = forwardPrecision.enter()) {
                out = fused.backbone(clips);
            }
            out.backward(tokensGrad, new BoolOptional(), false, new TensorArrayRefOptional());
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

    private Tensor forward(ClipClassifier m) {
        return eval(m, () -> m.forward(clips));
    }

    private double forwardBackward(ClipClassifier m) {
        return trainingStep(m, () -> m.forward(clips));
    }

    private Tensor transformerForward(ClipClassifier m) {
        return eval(m, () -> m.classify(tokens));
    }

    private double transformerForwardBackward(ClipClassifier m) {
        return trainingStep(m, () -> m.classify(tokens));
    }

    /** Logits in eval mode without an autograd graph, under the precision's scope. */
    private Tensor eval(ClipClassifier m, Supplier<Tensor> logits) {
        m.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard();
                var autocast = forwardPrecision.enter()) {
            return logits.get();
        }
    }

    /** As a training step runs it: the logits and loss under the precision's scope, the backward after it. */
    private double trainingStep(ClipClassifier m, Supplier<Tensor> logits) {
        m.train(true);
        m.zero_grad(true);
        try (PointerScope scope = new PointerScope()) {
            Tensor loss;
            try (var autocast = forwardPrecision.enter()) {
                loss = m.loss(logits.get(), targets, LAMBDA);
            }
            loss.backward();
            return loss.item_double();
        }
    }
}
