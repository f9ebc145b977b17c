package io.github.logoformer.panama;

import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH: the same window attention forward through an FFM downcall and through JavaCPP, on the same native
 * buffers, for a tiny input (cost of the call itself) and a DESIGN-sized one. Lives in this module's tests
 * because the benchmarks module targets Java 17. Run:
 * {@code ./lf test -pl java-api,java-api/panama -Dtest=FfmCallBenchmark -Dffm.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dffm.benchmark.size=tiny} for one size; {@code OMP_NUM_THREADS=1} takes OpenMP's wake-up out of a tiny call).
 */
@EnabledIfSystemProperty(named = "ffm.benchmark", matches = "true")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FfmCallBenchmark {
    /** tiny: B=1, 1x1x1 grid, 1 head x 8; design: B=8, 16x7x7 grid, CLS, 8 heads x 64, window 2x7x7. */
    @Param({"tiny", "design"})
    public String size;

    private Arena arena;
    private long batch, heads, dim, f, h, w, winF, leadingTokens;
    private float scale;
    private MemorySegment q, k, v, out, lse, strides;
    private long[] javaStrides;

    @Setup(Level.Trial)
    public void allocate() {
        LogoformerNative.load();
        boolean tiny = size.equals("tiny");
        batch = tiny ? 1 : 8;
        heads = tiny ? 1 : 8;
        dim = tiny ? 8 : 64;
        f = tiny ? 1 : 16;
        h = tiny ? 1 : 7;
        w = tiny ? 1 : 7;
        winF = tiny ? 1 : 2;
        leadingTokens = tiny ? 0 : 1;
        scale = (float) (1 / Math.sqrt(dim));
        long tokens = leadingTokens + f * h * w, elements = batch * tokens * heads * dim;
        arena = Arena.ofShared();
        q = Segments.randomFloats(arena, elements, 1);
        k = Segments.randomFloats(arena, elements, 2);
        v = Segments.randomFloats(arena, elements, 3);
        out = arena.allocate(ValueLayout.JAVA_FLOAT, elements);
        lse = arena.allocate(ValueLayout.JAVA_FLOAT, batch * heads * f * h * w);
        javaStrides = new long[] {tokens * heads * dim, heads * dim, dim, 1};
        strides = arena.allocateFrom(ValueLayout.JAVA_LONG, javaStrides);
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    @Benchmark
    public int ffm() {
        return logoformer_h.lf_window_attention_fwd(0, MemorySegment.NULL, 0, batch, heads, dim, f, h, w, leadingTokens,
                winF, h, w, scale, q, strides, k, strides, v, strides, out, strides, lse);
    }

    @Benchmark
    public int javaCpp() {
        return LogoformerNative.windowAttentionForward(0, 0, 0, batch, heads, dim, f, h, w, leadingTokens, winF, h, w, scale,
                q.address(), javaStrides, k.address(), javaStrides, v.address(), javaStrides, out.address(), javaStrides,
                lse.address());
    }

    @Test
    void run() throws Exception {
        new Runner(new OptionsBuilder().include(FfmCallBenchmark.class.getName())
                .param("size", System.getProperty("ffm.benchmark.size", "tiny,design").split(","))
                .forks(1).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED").build()).run();
    }
}
