package io.github.logoformer.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.WindowAttentionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input corpus of the Java ops: every rule of every op (sizes, dtypes, devices, undefined or
 * null tensors, configurations), in-place changes between forward and backward, double backward, and
 * valid calls on views and non-finite data. A bad call must throw one exception whose one-line message
 * names the argument and the rule; a valid call must match the op's reference, NaN positions included.
 */
class BadInputCorpusTest {
    /**
     * A bad call: the exception type it must throw and a part of its message, which is one line unless it
     * is LibTorch's own error (raised by LibTorch's engine, worded and formatted by LibTorch).
     */
    private record Bad(String name, Class<? extends Throwable> type, String message, Runnable call, boolean oneLine) {}

    /**
     * A valid call on odd input: the fused result against the reference's, with the same NaN and infinite
     * positions unless a finite input overflows float32 scores, where the two may differ in which rows
     * overflow (then only the rows finite in both are compared).
     */
    private record Valid(String name, Supplier<Tensor[]> fusedAndReference, boolean samePositions) {}

    private static final List<Bad> BAD = new ArrayList<>();
    private static final List<Valid> VALID = new ArrayList<>();

    private static void bad(String name, String message, Runnable call) {
        BAD.add(new Bad(name, IllegalArgumentException.class, message, call, true));
    }

    private static void bad(String name, Class<? extends Throwable> type, String message, Runnable call) {
        BAD.add(new Bad(name, type, message, call, true));
    }

    // Window attention: B = 2, T = 1 + 2*2*2, 2 heads, D = 3, windows 1x2x2, one leading token.
    static final WindowAttentionConfig WINDOW = WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 1, 3);
    // Global tokens: B = 2, 8 grid tokens of C = 3 channels, pooled 1x2x2 into 2 tokens.
    static final GlobalTokensConfig POOL = GlobalTokensConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2));

    static Tensor randn(long... sizes) {
        return torch.randn(sizes);
    }

    static Tensor typed(torch.ScalarType type, long... sizes) {
        try (TensorOptions options = new TensorOptions(type)) {
            return torch.ones(sizes, options);
        }
    }

    static Tensor onMeta(long... sizes) {
        try (TensorOptions options = new TensorOptions(new Device("meta"))) {
            return torch.empty(sizes, options, new org.bytedeco.pytorch.MemoryFormatOptional());
        }
    }

    static Tensor window(Tensor q, Tensor k, Tensor v) {
        return WindowAttention.apply(q, k, v, WINDOW);
    }

    static Tensor cross(Tensor q, Tensor k, Tensor v) {
        return CrossAttention.apply(q, k, v, 0.5);
    }

    static Tensor tokens(Tensor x, Tensor w, Tensor b, Tensor g, Tensor beta) {
        return GlobalTokens.apply(x, w, b, g, beta, POOL);
    }

    static Tensor targets(long... values) {
        return torch.tensor(values);
    }

    /** Every way a tensor argument can be absent or of the wrong kind, for an op taking it at slot {@code slot}. */
    private static void badTensors(String op, String[] names, long[][] sizes, Function<Tensor[], Tensor> apply) {
        for (int slot = 0; slot < names.length; slot++) {
            String arg = names[slot];
            int s = slot;
            bad(op + ": " + arg + " null", arg + ": expected a defined tensor, got null", () -> apply.apply(with(sizes, s, null)));
            bad(op + ": " + arg + " undefined", arg + ": expected a defined tensor, got an undefined tensor",
                    () -> apply.apply(with(sizes, s, new Tensor())));
            String dtypeRule = slot == 0 ? arg + ": expected dtype float32 or bfloat16 on the CPU (float16 runs on CUDA only)" : arg + ": expected dtype float32 like";
            for (torch.ScalarType type : new torch.ScalarType[] {torch.ScalarType.Double, torch.ScalarType.Long,
                    torch.ScalarType.Bool, torch.ScalarType.Int}) {
                bad(op + ": " + arg + " " + type, dtypeRule, () -> apply.apply(with(sizes, s, typed(type, sizes[s]))));
            }
            bad(op + ": " + arg + " on the meta device", slot == 0 ? UnsupportedOperationException.class
                    : IllegalArgumentException.class, slot == 0 ? arg + ": expected a CPU or CUDA tensor, got device meta"
                    : arg + ": expected a tensor on cpu like the op's first input, got device meta",
                    () -> apply.apply(with(sizes, s, onMeta(sizes[s]))));
        }
    }

    private static Tensor[] with(long[][] sizes, int slot, Tensor replacement) {
        Tensor[] args = new Tensor[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            args[i] = i == slot ? replacement : randn(sizes[i]);
        }
        return args;
    }

    static {
        long[] qkv = {2, 9, 2, 3};
        badTensors("window", new String[] {"q", "k", "v"}, new long[][] {qkv, qkv, qkv}, t -> window(t[0], t[1], t[2]));
        bad("window: config null", "config: expected a WindowAttentionConfig, got null",
                () -> WindowAttention.apply(randn(qkv), randn(qkv), randn(qkv), null));
        bad("window: q of 3 dims", "q: expected 4 dims [B, T, heads, D], got [2, 9, 6]",
                () -> window(randn(2, 9, 6), randn(2, 9, 6), randn(2, 9, 6)));
        bad("window: q of 5 dims", "q: expected 4 dims", () -> window(randn(2, 9, 2, 3, 1), randn(qkv), randn(qkv)));
        bad("window: k of other sizes", "k: expected the sizes of q [2, 9, 2, 3], got [2, 9, 2, 4]",
                () -> window(randn(qkv), randn(2, 9, 2, 4), randn(qkv)));
        bad("window: v of other sizes", "v: expected the sizes of q", () -> window(randn(qkv), randn(qkv), randn(1, 9, 2, 3)));
        bad("window: T without the leading token", "q: expected T = leadingTokens + grid volume = 1 + 8 = 9 tokens in dim 1, got 8",
                () -> window(randn(2, 8, 2, 3), randn(2, 8, 2, 3), randn(2, 8, 2, 3)));
        bad("window: T too large", "got 10", () -> window(randn(2, 10, 2, 3), randn(2, 10, 2, 3), randn(2, 10, 2, 3)));
        for (int dim : new int[] {0, 2, 3}) {
            long[] empty = qkv.clone();
            empty[dim] = 0;
            bad("window: empty dim " + dim, "q: expected non-empty dims", () -> window(randn(empty), randn(empty), randn(empty)));
        }
        bad("window config: window not dividing the grid", "window: expected sizes dividing the grid",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 3, 2), 1, 3));
        bad("window config: window larger than the grid", "window: expected sizes dividing the grid",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(4, 2, 2), 1, 3));
        bad("window config: null window", "grid and window must not be null",
                () -> new WindowAttentionConfig(Grid3.of(2, 2, 2), null, 1, 0.5));
        bad("window config: negative leading tokens", "leadingTokens: expected >= 0",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), -1, 3));
        bad("window config: leading tokens overflowing T", "leadingTokens: expected >= 0 and leadingTokens + grid volume (8) to fit"
                + " in int64, got 9223372036854775807",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), Long.MAX_VALUE, 3));
        bad("window config: head dim 0", "headDim: expected >= 1, got 0",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 1, 0));
        for (double scale : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e39}) {
            bad("window config: scale " + scale, "scale: expected a finite float, got " + scale,
                    () -> new WindowAttentionConfig(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 1, scale));
        }
        for (long[] g : new long[][] {{0, 2, 2}, {2, -1, 2}, {2, 2, Long.MIN_VALUE}}) {
            bad("grid " + java.util.Arrays.toString(g), "Grid3: expected all sizes >= 1", () -> Grid3.of(g[0], g[1], g[2]));
        }
        bad("grid of 2^22 cubed", "Grid3: expected frames * height * width to fit in int64",
                () -> Grid3.of(1L << 22, 1L << 22, 1L << 22));

        long[] q = {2, 3, 2, 3}, kv = {2, 4, 2, 3};
        badTensors("cross", new String[] {"q", "k", "v"}, new long[][] {q, kv, kv}, t -> cross(t[0], t[1], t[2]));
        bad("cross: q of 3 dims", "q: expected 4 dims [B, Nq, heads, D], got [2, 3, 6]", () -> cross(randn(2, 3, 6), randn(kv), randn(kv)));
        bad("cross: k of 3 dims", "k: expected 4 dims [B, Nk, heads, D]", () -> cross(randn(q), randn(2, 4, 6), randn(kv)));
        bad("cross: v unlike k", "v: expected the sizes of k [2, 4, 2, 3], got [2, 5, 2, 3]",
                () -> cross(randn(q), randn(kv), randn(2, 5, 2, 3)));
        bad("cross: batch of k unlike q", "k: expected [B, Nk, heads, D] with B, heads, D of q",
                () -> cross(randn(q), randn(3, 4, 2, 3), randn(3, 4, 2, 3)));
        bad("cross: heads of k unlike q", "with B, heads, D of q", () -> cross(randn(q), randn(2, 4, 1, 3), randn(2, 4, 1, 3)));
        bad("cross: D of k unlike q", "with B, heads, D of q", () -> cross(randn(q), randn(2, 4, 2, 5), randn(2, 4, 2, 5)));
        bad("cross: no queries", "q: expected non-empty dims", () -> cross(randn(2, 0, 2, 3), randn(kv), randn(kv)));
        bad("cross: no keys", "k: expected non-empty dims", () -> cross(randn(q), randn(2, 0, 2, 3), randn(2, 0, 2, 3)));
        for (double scale : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1e300}) {
            bad("cross: scale " + scale, "scale: expected a finite float, got " + scale,
                    () -> CrossAttention.apply(randn(q), randn(kv), randn(kv), scale));
        }

        long[] x = {2, 8, 3}, w = {3, 1, 1, 2, 2}, c = {3};
        badTensors("global tokens", new String[] {"x", "weight", "bias", "gamma", "beta"}, new long[][] {x, w, c, c, c},
                t -> tokens(t[0], t[1], t[2], t[3], t[4]));
        bad("global tokens: config null", "config: expected a GlobalTokensConfig, got null",
                () -> GlobalTokens.apply(randn(x), randn(w), randn(c), randn(c), randn(c), null));
        bad("global tokens: x of 4 dims", "x: expected 3 dims", () -> tokens(randn(2, 8, 3, 1), randn(w), randn(c), randn(c), randn(c)));
        bad("global tokens: x with CLS", "x: expected 8 grid tokens", () -> tokens(randn(2, 9, 3), randn(w), randn(c), randn(c), randn(c)));
        bad("global tokens: weight of 4 dims", "weight: expected the sizes of [C, 1, pf, ph, pw] [3, 1, 1, 2, 2], got [3, 1, 2, 2]", () -> tokens(randn(x), randn(3, 1, 2, 2), randn(c), randn(c),
                randn(c)));
        bad("global tokens: weight of another pool", "weight: expected", () -> tokens(randn(x), randn(3, 1, 2, 2, 2), randn(c), randn(c),
                randn(c)));
        bad("global tokens: weight of other channels", "weight: expected", () -> tokens(randn(x), randn(4, 1, 1, 2, 2), randn(c),
                randn(c), randn(c)));
        bad("global tokens: weight not depthwise", "weight: expected", () -> tokens(randn(x), randn(3, 3, 1, 2, 2), randn(c), randn(c),
                randn(c)));
        for (String arg : new String[] {"bias", "gamma", "beta"}) {
            bad("global tokens: " + arg + " of 4 channels", arg + ": expected", () -> {
                Tensor[] v = {randn(c), randn(c), randn(c)};
                v[List.of("bias", "gamma", "beta").indexOf(arg)] = randn(4);
                tokens(randn(x), randn(w), v[0], v[1], v[2]);
            });
        }
        bad("global tokens: no channels", "x: expected", () -> tokens(randn(2, 8, 0), randn(0, 1, 1, 2, 2), randn(0), randn(0), randn(0)));
        bad("global tokens: empty batch", "x: expected", () -> tokens(randn(0, 8, 3), randn(w), randn(c), randn(c), randn(c)));
        bad("global tokens config: pool not dividing", "pool: expected sizes dividing the grid",
                () -> GlobalTokensConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 3, 2)));
        for (double eps : new double[] {0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY}) {
            bad("global tokens config: eps " + eps, "eps: expected ", () -> new GlobalTokensConfig(Grid3.of(2, 2, 2),
                    Grid3.of(1, 2, 2), eps));
        }

        badTensors("compact loss", new String[] {"logits"}, new long[][] {{3, 4}}, t -> CompactLoss.apply(t[0], targets(0, 3, 1), 0.5));
        bad("compact loss: targets null", "targets: expected a defined tensor, got null", () -> CompactLoss.apply(randn(3, 4), null, 0.5));
        bad("compact loss: targets undefined", "targets: expected a defined tensor", () -> CompactLoss.apply(randn(3, 4), new Tensor(),
                0.5));
        bad("compact loss: targets float", "targets: expected dtype int64, got float32",
                () -> CompactLoss.apply(randn(3, 4), randn(3), 0.5));
        bad("compact loss: targets int32", "targets: expected dtype int64", () -> CompactLoss.apply(randn(3, 4),
                typed(torch.ScalarType.Int, 3), 0.5));
        bad("compact loss: targets on meta", "targets: expected a tensor on cpu",
                () -> CompactLoss.apply(randn(3, 4), onMetaLong(3), 0.5));
        bad("compact loss: logits of 1 dim", "logits: expected 2 dims [B, C], got [12]", () -> CompactLoss.apply(randn(12),
                targets(0, 3, 1), 0.5));
        bad("compact loss: logits of 3 dims", "logits: expected 2 dims", () -> CompactLoss.apply(randn(3, 4, 1), targets(0, 3, 1), 0.5));
        bad("compact loss: one class", "logits: expected B >= 1 rows and C >= 2 classes, got [3, 1]",
                () -> CompactLoss.apply(randn(3, 1), targets(0, 0, 0), 0.5));
        bad("compact loss: no rows", "logits: expected B >= 1 rows", () -> CompactLoss.apply(randn(0, 4), targets(), 0.5));
        bad("compact loss: targets of 2 dims", "targets: expected 1 dims [B]", () -> CompactLoss.apply(randn(3, 4),
                torch.zeros(new long[] {3, 1}, new TensorOptions(torch.ScalarType.Long)), 0.5));
        bad("compact loss: fewer targets", "targets: expected B = 3 entries (the rows of logits), got 2",
                () -> CompactLoss.apply(randn(3, 4), targets(0, 3), 0.5));
        for (long target : new long[] {4, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            bad("compact loss: target " + target, RuntimeException.class,
                    "targets: expected class indices in [0, classes = 4), got " + target + " at row 1",
                    () -> CompactLoss.apply(randn(3, 4), targets(0, target, 1), 0.5));
        }
        for (double lambda : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 1e40}) {
            bad("compact loss: lambda " + lambda, "lambda: expected a finite float, got " + lambda,
                    () -> CompactLoss.apply(randn(3, 4), targets(0, 3, 1), lambda));
        }
        bad("compact loss: reduction null", "reduction: expected NONE, MEAN or SUM, got null",
                () -> CompactLoss.apply(randn(3, 4), targets(0, 3, 1), 0.5, null));

        // In place after the forward: the backward must fail as LibTorch's own functions do.
        String inplace = "one of the variables needed for gradient computation has been modified by an inplace operation";
        for (int slot = 0; slot < 3; slot++) {
            int s = slot;
            bad("window: input " + slot + " modified in place before backward", RuntimeException.class, inplace, () -> {
                Tensor[] in = leaves(qkv, qkv, qkv);
                Tensor loss = window(in[0], in[1], in[2]).sum();
                modify(in[s]);
                loss.backward();
            });
            bad("cross: input " + slot + " modified in place before backward", RuntimeException.class, inplace, () -> {
                Tensor[] in = leaves(q, kv, kv);
                Tensor loss = cross(in[0], in[1], in[2]).sum();
                modify(in[s]);
                loss.backward();
            });
        }
        for (int slot = 0; slot < 4; slot++) {
            int s = slot;
            bad("global tokens: input " + slot + " modified in place before backward", RuntimeException.class, inplace, () -> {
                Tensor[] in = leaves(x, w, c, c, c);
                Tensor loss = tokens(in[0], in[1], in[2], in[3], in[4]).sum();
                modify(in[s]);
                loss.backward();
            });
        }
        bad("window: output modified in place before backward", RuntimeException.class, inplace, () -> {
            Tensor[] in = leaves(qkv, qkv, qkv);
            Tensor out = window(in[0], in[1], in[2]);
            Tensor loss = out.sum();
            modify(out);
            loss.backward();
        });
        bad("window: an input that needs no grad modified in place", RuntimeException.class, inplace, () -> {
            Tensor[] in = leaves(qkv, qkv, qkv);
            Tensor plain = randn(qkv);
            Tensor loss = window(in[0], plain, in[2]).sum();
            modify(plain);
            loss.backward();
        });
        bad("window: the packed projection of q, k, v modified in place", RuntimeException.class, inplace, () -> {
            Tensor packed = randn(2, 9, 3, 2, 3).requires_grad_(true);
            Tensor projection = packed.mul(new Scalar(1.0));
            Tensor loss = window(projection.select(2, 0), projection.select(2, 1), projection.select(2, 2)).sum();
            modify(projection);
            loss.backward();
        });
        String doubleBackward = "create_graph=true (double backward) is not supported";
        bad("window: create_graph", RuntimeException.class, "window_attention: " + doubleBackward,
                () -> backwardCreatingGraph(window(leaf(qkv), leaf(qkv), leaf(qkv)).sum()));
        bad("cross: create_graph", RuntimeException.class, "cross_attention: " + doubleBackward,
                () -> backwardCreatingGraph(cross(leaf(q), leaf(kv), leaf(kv)).sum()));
        bad("global tokens: create_graph", RuntimeException.class, "global_tokens: " + doubleBackward,
                () -> backwardCreatingGraph(tokens(leaf(x), leaf(w), leaf(c), leaf(c), leaf(c)).sum()));
        bad("compact loss: create_graph", RuntimeException.class, "compact_loss: " + doubleBackward,
                () -> backwardCreatingGraph(CompactLoss.apply(leaf(3, 4), targets(0, 3, 1), 0.5)));
        BAD.add(new Bad("window: second backward without retain_graph", RuntimeException.class,
                "Trying to backward through the graph a second time", () -> {
                    Tensor loss = window(leaf(qkv), leaf(qkv), leaf(qkv)).sum();
                    loss.backward();
                    loss.backward();
                }, false));

        // Valid calls on views and non-finite data.
        valid("window: transposed, narrowed and expanded views", () -> {
            Tensor qT = randn(2, 2, 9, 3).transpose(1, 2);
            Tensor kN = randn(2, 12, 2, 3).narrow(1, 2, 9);
            Tensor vE = randn(2, 9, 1, 3).expand(2, 9, 2, 3);
            return new Tensor[] {window(qT, kN, vE), WindowAttentionReference.apply(qT, kN, vE, WINDOW)};
        });
        valid("window: packed q, k, v", () -> {
            Tensor packed = randn(2, 9, 3, 2, 3);
            Tensor a = packed.select(2, 0), b = packed.select(2, 1), d = packed.select(2, 2);
            return new Tensor[] {window(a, b, d), WindowAttentionReference.apply(a, b, d, WINDOW)};
        });
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3e38}) {
            for (int slot = 0; slot < 3; slot++) {
                int s = slot;
                valid("window: input " + slot + " holding " + value, () -> {
                    Tensor[] in = {randn(qkv), randn(qkv), randn(qkv)};
                    in[s].select(0, 1).select(0, 4).select(0, 1).fill_(new Scalar(value));
                    return new Tensor[] {window(in[0], in[1], in[2]), WindowAttentionReference.apply(in[0], in[1], in[2], WINDOW)};
                });
                valid("cross: input " + slot + " holding " + value, () -> {
                    Tensor[] in = {randn(q), randn(kv), randn(kv)};
                    in[s].select(0, 1).select(0, 1).fill_(new Scalar(value));
                    return new Tensor[] {cross(in[0], in[1], in[2]), CrossAttentionReference.apply(in[0], in[1], in[2], 0.5)};
                });
            }
            valid("global tokens: x holding " + value, () -> {
                Tensor[] in = {randn(x), randn(w), randn(c), randn(c), randn(c)};
                in[0].select(0, 1).select(0, 2).fill_(new Scalar(value));
                return new Tensor[] {tokens(in[0], in[1], in[2], in[3], in[4]),
                        GlobalTokensReference.apply(in[0], in[1], in[2], in[3], in[4], POOL)};
            });
        }
        valid("cross: transposed and expanded views", () -> {
            Tensor qT = randn(2, 2, 3, 3).transpose(1, 2);
            Tensor kE = randn(1, 4, 2, 3).expand(2, 4, 2, 3);
            Tensor vN = randn(2, 4, 2, 6).narrow(3, 1, 3);
            return new Tensor[] {cross(qT, kE, vN), CrossAttentionReference.apply(qT, kE, vN, 0.5)};
        });
        valid("global tokens: narrowed past CLS", () -> {
            Tensor all = randn(2, 9, 3);
            Tensor grid = all.narrow(1, 1, 8);
            Tensor[] p = {randn(w), randn(c), randn(c), randn(c)};
            return new Tensor[] {tokens(grid, p[0], p[1], p[2], p[3]), GlobalTokensReference.apply(grid, p[0], p[1], p[2], p[3], POOL)};
        });
        for (Reduction reduction : Reduction.values()) {
            valid("compact loss: transposed logits and a masked class, " + reduction, () -> {
                Tensor logits = randn(4, 3).t();
                logits.select(0, 0).select(0, 2).fill_(new Scalar(Double.NEGATIVE_INFINITY));
                Tensor t = targets(0, 3, 1);
                return new Tensor[] {CompactLoss.apply(logits, t, 0.5, reduction),
                        CompactLossReference.apply(logits, t, 0.5, reduction)};
            });
        }
        valid("compact loss: a NaN row, no reduction", () -> {
            Tensor logits = randn(3, 4);
            logits.select(0, 2).select(0, 1).fill_(new Scalar(Double.NaN));
            Tensor t = targets(0, 3, 1);
            return new Tensor[] {CompactLoss.apply(logits, t, 0.5, Reduction.NONE),
                    CompactLossReference.apply(logits, t, 0.5, Reduction.NONE)};
        });
    }

    private static void valid(String name, Supplier<Tensor[]> call) {
        VALID.add(new Valid(name, call, !name.endsWith("holding 3.0E38")));
    }

    static Tensor onMetaLong(long n) {
        return onMeta(n).to(torch.ScalarType.Long);
    }

    static Tensor leaf(long... sizes) {
        return randn(sizes).requires_grad_(true);
    }

    static Tensor[] leaves(long[]... sizes) {
        Tensor[] out = new Tensor[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = leaf(sizes[i]);
        }
        return out;
    }

    static void modify(Tensor t) {
        try (NoGradGuard guard = new NoGradGuard()) {
            t.add_(new Scalar(1.0));
        }
    }

    static void backwardCreatingGraph(Tensor loss) {
        loss.backward(new Tensor(), new BoolOptional(true), true, new TensorArrayRefOptional());
    }

    @TestFactory
    Stream<DynamicTest> everyBadCallThrowsOneLineNamingTheArgumentAndTheRule() {
        return BAD.stream().map(c -> dynamicTest(c.name(), () -> {
            torch.manual_seed(c.name().hashCode());
            Throwable e = assertThrows(c.type(), c.call()::run);
            String message = String.valueOf(e.getMessage());
            assertTrue(message.contains(c.message()), "expected '" + c.message() + "' in: " + message);
            assertFalse(c.oneLine() && message.contains("\n"), "one line: " + message);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyValidOddCallMatchesTheReferenceNanPositionsIncluded() {
        return VALID.stream().map(c -> dynamicTest(c.name(), () -> {
            torch.manual_seed(c.name().hashCode());
            Tensor[] pair = c.fusedAndReference().get();
            Tensor fused = pair[0], reference = pair[1];
            assertTrue(!c.samePositions() || torch.isnan(fused).equal(torch.isnan(reference)),
                    "NaN positions differ from the reference's");
            Tensor finite = torch.isfinite(reference).logical_and(torch.isfinite(fused));
            Tensor zero = torch.zeros_like(fused);
            TensorAssertions.assertClose(torch.where(finite, fused, zero), torch.where(finite, reference, zero), c.name());
            assertTrue(!c.samePositions() || torch.isinf(fused).equal(torch.isinf(reference)),
                    "infinite positions differ from the reference's");
            assertTrue(torch.isfinite(fused).sum().item_long() > 0, "some rows stay finite");
        }));
    }

    @TestFactory
    Stream<DynamicTest> theCorpusHoldsAtLeast200Calls() {
        return Stream.of(dynamicTest(BAD.size() + " bad calls, " + VALID.size() + " valid odd calls",
                () -> assertTrue(BAD.size() + VALID.size() >= 200)));
    }
}
