#!/usr/bin/env python3
"""The bad-input corpus of the C ABI, called from a second language (Python's ctypes, no numpy).

Every case is one call of an entry point with one argument broken (or a valid call with an odd
layout or non-finite data), run in a child process of its own so that a crash is counted, not
fatal. A case passes when the call returns the status it must, its message names the argument
(for an error), it writes nothing on error, and a valid call's results match a plain Python
reference (forward) or the same call on dense tensors (backward).

    abi_corpus.py LIBRARY            run every case, print the counts, exit 1 if any case failed
    abi_corpus.py LIBRARY --case N   run case N in this process (what each child does)
"""
import ctypes
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

OK, NULL_POINTER, INVALID, UNSUPPORTED, OVERFLOW = 0, 1, 2, 3, 4
I64 = ctypes.c_int64
HUGE_STRIDES = [1 << 54, 1 << 61, 1 << 62]  # 2^56 bytes (just past the end), 2^63 bytes, a wrap
BAD_SIZES = [0, -1, -(1 << 63)]
NAN = float("nan")


def floats(n):
    array = (ctypes.c_float * n)()
    for i in range(n):
        array[i] = NAN
    return array


def longs(values):
    return (I64 * len(values))(*values)


def address(obj):
    return ctypes.cast(obj, ctypes.c_void_p).value if obj is not None else None


def span(sizes, strides):
    """Elements a strided tensor reaches (largest offset + 1)."""
    return 1 + sum((n - 1) * s for n, s in zip(sizes, strides))


def logical_indices(sizes):
    indices = [()]
    for n in sizes:
        indices = [index + (i,) for index in indices for i in range(n)]
    return indices


class Tensor:
    """A float32 buffer and the sizes and element strides that describe it. An input's value at a
    logical index is a fixed function of (seed, name, index), whatever the layout, so that two calls
    with different layouts see the same tensor (a broadcast layout keeps the first value written);
    padding and outputs hold NaN."""

    def __init__(self, sizes, strides, seed=None, name=""):
        self.sizes, self.strides = list(sizes), list(strides)
        self.data = floats(span(sizes, strides))
        self.stride_array = longs(strides)
        if seed is not None:
            for flat, index in enumerate(logical_indices(sizes)):
                offset = sum(i * s for i, s in zip(index, strides))
                if self.data[offset] != self.data[offset]:
                    self.data[offset] = 0.9 * math.sin((flat + 1) * 12.9898 + seed * 78.233 + len(name) * 3.7)

    def at(self, *index):
        return self.data[sum(i * s for i, s in zip(index, self.strides))]


def dense(sizes):
    strides, step = [], 1
    for n in reversed(sizes):
        strides.insert(0, step)
        step *= n
    return strides


def layout(sizes, kind):
    """Element strides of an odd layout: 'dense', 'transposed' (dims 1 and 2 swapped in memory),
    'padded' (gaps between rows) or 'broadcast' (stride 0 on dim 1, an input only)."""
    if kind == "dense":
        return dense(sizes)
    if kind == "padded":
        strides, step = [], 1
        for n in reversed(sizes):
            strides.insert(0, step)
            step = step * n + 3
        return strides
    if kind == "transposed" and len(sizes) >= 3:
        order = [0, 2, 1] + list(range(3, len(sizes)))
        permuted = dense([sizes[i] for i in order])
        strides = [0] * len(sizes)
        for position, dim in enumerate(order):
            strides[dim] = permuted[position]
        return strides
    if kind == "broadcast":
        strides = dense(sizes)
        strides[1] = 0
        return strides
    return dense(sizes)


# ---------------------------------------------------------------------------------------------
# Python references of the forward passes (DESIGN.md 4).

def softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def attention_rows(q, k, v, b, h, D, query, keys, scale):
    scores = [scale * sum(q.at(b, query, h, d) * k.at(b, key, h, d) for d in range(D)) for key in keys]
    p = softmax(scores)
    return [sum(p[j] * v.at(b, key, h, d) for j, key in enumerate(keys)) for d in range(D)]


def window_reference(c):
    B, H, D, (F, Hh, W), G, (wf, wh, ww) = c.batch, c.heads, c.head_dim, c.grid, c.leading, c.window
    out = {}
    for b in range(B):
        for h in range(H):
            for t in range(F):
                for y in range(Hh):
                    for x in range(W):
                        window = [G + (tt * Hh + yy) * W + xx
                                  for tt in range(t // wf * wf, t // wf * wf + wf)
                                  for yy in range(y // wh * wh, y // wh * wh + wh)
                                  for xx in range(x // ww * ww, x // ww * ww + ww)]
                        query = G + (t * Hh + y) * W + x
                        out[(b, query, h)] = attention_rows(c.q, c.k, c.v, b, h, D, query, list(range(G)) + window,
                                                            c.scale)
            for query in range(G):
                out[(b, query, h)] = [0.0] * D
    return out


def cross_reference(c):
    out = {}
    for b in range(c.batch):
        for h in range(c.heads):
            for query in range(c.queries):
                out[(b, query, h)] = attention_rows(c.q, c.k, c.v, b, h, c.head_dim, query, list(range(c.keys)),
                                                    c.scale)
    return out


def global_tokens_reference(c):
    (F, Hh, W), (pf, ph, pw), C = c.grid, c.pool, c.channels
    out = {}
    for b in range(c.batch):
        m = 0
        for t in range(0, F, pf):
            for y in range(0, Hh, ph):
                for x in range(0, W, pw):
                    s = []
                    for ch in range(C):
                        total = c.bias.at(ch)
                        for dt in range(pf):
                            for dy in range(ph):
                                for dx in range(pw):
                                    token = ((t + dt) * Hh + (y + dy)) * W + (x + dx)
                                    total += c.weight.at(ch, dt, dy, dx) * c.x.at(b, token, ch)
                        s.append(total)
                    mean = sum(s) / C
                    var = sum((v - mean) ** 2 for v in s) / C
                    rstd = 1 / math.sqrt(var + c.eps)
                    for ch in range(C):
                        out[(b, m, ch)] = (s[ch] - mean) * rstd * c.gamma.at(ch) + c.beta.at(ch)
                    m += 1
    return out


def compact_loss_reference(c):
    rows = []
    for b in range(c.batch):
        z = [c.logits.at(b, j) for j in range(c.classes)]
        y = c.target_values[b]
        top = max(z)
        ce = -(z[y] - top - math.log(sum(math.exp(v - top) for v in z)))
        others = [z[j] for j in range(c.classes) if j != y]
        p = softmax(others)
        m = len(others)
        r = sum((1 / m) * math.log((1 / m) / pj) + pj * math.log(pj * m) for pj in p)
        rows.append(ce + c.lam * r)
    if c.reduction == 0:
        return rows
    return [sum(rows) / len(rows)] if c.reduction == 1 else [sum(rows)]


def close(got, want, tolerance=2e-5):
    return abs(got - want) <= tolerance * max(1.0, abs(want))


# ---------------------------------------------------------------------------------------------
# One valid call per entry point; each case breaks one thing.

class Call:
    """One entry point's arguments; `ptr` and `strides` hold the addresses a case may break."""
    device, stream, dtype = 0, None, 0
    watched = ()  # the outputs a failing call must leave untouched

    def snapshot(self):
        return {name: [repr(v) for v in getattr(getattr(self, name), "data", getattr(self, name))]
                for name in self.watched}

    def tensors(self, specs, layouts, seed, outputs):
        for (name, sizes), kind in zip(specs, layouts):
            setattr(self, name, Tensor(sizes, layout(sizes, kind), None if name in outputs else seed, name))
        self.ptr = {name: address(getattr(self, name).data) for name, _ in specs}
        self.strides = {name: address(getattr(self, name).stride_array) for name, _ in specs}


class AttentionCall(Call):
    """Window or cross attention, forward or backward; a backward's out and lse come from the forward
    of the same q, k, v."""

    def __init__(self, backward, layouts, seed, q_sizes, k_sizes, lse_count):
        self.backward = backward
        specs = [("q", q_sizes), ("k", k_sizes), ("v", k_sizes), ("out", q_sizes), ("d_out", q_sizes),
                 ("d_q", q_sizes), ("d_k", k_sizes), ("d_v", k_sizes)]
        self.tensors(specs, tuple(layouts) + ("dense",) * (8 - len(layouts)), seed, {"out", "d_q", "d_k", "d_v"})
        self.lse = floats(lse_count)
        self.ptr["lse"] = address(self.lse)
        self.watched = ("d_q", "d_k", "d_v") if backward else ("out", "lse")
        if backward:
            status = self.entry(lib(), False)
            assert status == OK, lib().lf_last_error_message()

    def run(self, library):
        return self.entry(library, self.backward)

    def check(self):
        if self.backward:
            return None
        for (b, t, h), row in self.reference().items():
            for d, value in enumerate(row):
                got = self.out.at(b, t, h, d)
                if not close(got, value):
                    return "out[%d, %d, %d, %d] = %r, reference %r" % (b, t, h, d, got, value)
        return None


class WindowCall(AttentionCall):
    def __init__(self, backward=False, layouts=(), seed=1):
        self.batch, self.heads, self.head_dim = 2, 2, 3
        self.grid, self.leading, self.window, self.scale = (2, 2, 2), 1, (1, 2, 2), 0.7
        sizes = [2, 9, 2, 3]
        super().__init__(backward, layouts, seed, sizes, sizes, 2 * 2 * 8)

    def entry(self, library, backward):
        p, s = self.ptr, self.strides
        head = [self.device, self.stream, self.dtype, self.batch, self.heads, self.head_dim, *self.grid, self.leading,
                *self.window, ctypes.c_float(self.scale), p["q"], s["q"], p["k"], s["k"], p["v"], s["v"], p["out"],
                s["out"], p["lse"]]
        if not backward:
            return library.lf_window_attention_fwd(*head)
        return library.lf_window_attention_bwd(*head, p["d_out"], s["d_out"], p["d_q"], s["d_q"], p["d_k"], s["d_k"],
                                               p["d_v"], s["d_v"])

    def reference(self):
        return window_reference(self)


class CrossCall(AttentionCall):
    def __init__(self, backward=False, layouts=(), seed=2):
        self.batch, self.heads, self.head_dim, self.queries, self.keys, self.scale = 2, 2, 3, 3, 2, 0.6
        super().__init__(backward, layouts, seed, [2, 3, 2, 3], [2, 2, 2, 3], 2 * 2 * 3)

    def entry(self, library, backward):
        p, s = self.ptr, self.strides
        head = [self.device, self.stream, self.dtype, self.batch, self.heads, self.head_dim, self.queries, self.keys,
                ctypes.c_float(self.scale), p["q"], s["q"], p["k"], s["k"], p["v"], s["v"], p["out"], s["out"], p["lse"]]
        if not backward:
            return library.lf_cross_attention_fwd(*head)
        return library.lf_cross_attention_bwd(*head, p["d_out"], s["d_out"], p["d_q"], s["d_q"], p["d_k"], s["d_k"],
                                              p["d_v"], s["d_v"])

    def reference(self):
        return cross_reference(self)


class GlobalTokensCall(Call):
    """[B=2, N=8, C=3] tokens of a 2x2x2 grid pooled 1x2x2 into M=2 tokens; weight [C, pf, ph, pw]."""

    def __init__(self, backward=False, layouts=(), seed=3):
        self.backward = backward
        self.batch, self.channels, self.grid, self.pool, self.eps = 2, 3, (2, 2, 2), (1, 2, 2), 1e-5
        layouts = tuple(layouts) + ("dense",) * (4 - len(layouts))
        specs = [("x", [2, 8, 3]), ("weight", [3, 1, 2, 2]), ("out", [2, 2, 3]), ("d_out", [2, 2, 3]),
                 ("d_x", [2, 8, 3]), ("d_weight", [3, 1, 2, 2])]
        self.tensors(specs, (layouts[0], layouts[1], layouts[3], "dense", "dense", "dense"), seed,
                     {"out", "d_x", "d_weight"})
        vector_stride = {"dense": 1, "padded": 2, "broadcast": 0, "transposed": 1}[layouts[2]]
        for name in ("bias", "gamma", "beta", "d_bias", "d_gamma", "d_beta"):
            is_output = name.startswith("d_")
            setattr(self, name, Tensor([3], [1 if is_output else vector_stride], None if is_output else seed, name))
            self.ptr[name] = address(getattr(self, name).data)
        self.vector_strides = {name: getattr(self, name).strides[0] for name in (
            "bias", "gamma", "beta", "d_bias", "d_gamma", "d_beta")}
        self.mean, self.rstd = floats(4), floats(4)
        self.ptr["mean"], self.ptr["rstd"] = address(self.mean), address(self.rstd)
        self.watched = ("d_x", "d_weight", "d_beta") if backward else ("out", "mean")
        if backward:
            status = self.entry(lib(), False)
            assert status == OK, lib().lf_last_error_message()

    def run(self, library):
        return self.entry(library, self.backward)

    def entry(self, library, backward):
        p, s, v = self.ptr, self.strides, self.vector_strides
        head = [self.device, self.stream, self.dtype, self.batch, self.channels, *self.grid, *self.pool,
                ctypes.c_float(self.eps), p["x"], s["x"], p["weight"], s["weight"], p["bias"], v["bias"], p["gamma"],
                v["gamma"]]
        if not backward:
            return library.lf_global_tokens_fwd(*head, p["beta"], v["beta"], p["out"], s["out"], p["mean"], p["rstd"])
        return library.lf_global_tokens_bwd(*head, p["mean"], p["rstd"], p["d_out"], s["d_out"], p["d_x"], s["d_x"],
                                            p["d_weight"], s["d_weight"], p["d_bias"], v["d_bias"], p["d_gamma"],
                                            v["d_gamma"], p["d_beta"], v["d_beta"])

    def check(self):
        if self.backward:
            return None
        for (b, m, ch), value in global_tokens_reference(self).items():
            if not close(self.out.at(b, m, ch), value, 1e-4):
                return "out[%d, %d, %d] = %r, reference %r" % (b, m, ch, self.out.at(b, m, ch), value)
        return None


class CompactLossCall(Call):
    """logits [B=3, C=4], targets [0, 3, 1]."""
    backward = False

    def __init__(self, layouts=("dense", "dense"), reduction=1, seed=4):
        self.batch, self.classes, self.lam, self.reduction = 3, 4, 0.5, reduction
        logit_strides = {"dense": [4, 1], "transposed": [1, 3], "padded": [7, 2], "broadcast": [0, 1]}[layouts[0]]
        grad_strides = {"dense": [4, 1], "transposed": [1, 3], "padded": [6, 1]}[layouts[1]]
        self.logits = Tensor([3, 4], logit_strides, seed, "logits")
        self.grad = Tensor([3, 4], grad_strides)
        self.target_values = [0, 3, 1]
        self.targets = longs(self.target_values)
        self.targets_stride = 1
        self.loss = Tensor([3], [1])
        self.ptr = {"logits": address(self.logits.data), "targets": address(self.targets),
                    "loss": address(self.loss.data), "grad_logits": address(self.grad.data)}
        self.strides = {"logits": address(self.logits.stride_array), "grad_logits": address(self.grad.stride_array)}
        self.watched = ("loss", "grad")

    def run(self, library):
        p, s = self.ptr, self.strides
        return library.lf_compact_loss_fwd(self.device, self.stream, self.dtype, self.batch, self.classes,
                                           ctypes.c_float(self.lam), self.reduction, p["logits"], s["logits"],
                                           p["targets"], self.targets_stride, p["loss"], p["grad_logits"],
                                           s["grad_logits"])

    def check(self):
        for i, value in enumerate(compact_loss_reference(self)):
            if not close(self.loss.data[i], value, 1e-4):
                return "loss[%d] = %r, reference %r" % (i, self.loss.data[i], value)
        return None


# ---------------------------------------------------------------------------------------------
# The cases: (name, make the call, the status it must return, what the message must name).

def cases():
    found = []

    def add(name, make, status, names=None):
        found.append((name, make, status, names))

    def broken(factory, change):
        def make():
            call = factory()
            change(call)
            return call
        return make

    ops = [
        ("window_fwd", lambda: WindowCall(False), ["q", "k", "v", "out"], ["lse"]),
        ("window_bwd", lambda: WindowCall(True), ["q", "k", "v", "out", "d_out", "d_q", "d_k", "d_v"], ["lse"]),
        ("cross_fwd", lambda: CrossCall(False), ["q", "k", "v", "out"], ["lse"]),
        ("cross_bwd", lambda: CrossCall(True), ["q", "k", "v", "out", "d_out", "d_q", "d_k", "d_v"], ["lse"]),
        ("global_fwd", lambda: GlobalTokensCall(False), ["x", "weight", "out"], ["bias", "gamma", "beta", "mean",
                                                                               "rstd"]),
        ("global_bwd", lambda: GlobalTokensCall(True), ["x", "weight", "d_out", "d_x", "d_weight"],
         ["bias", "gamma", "mean", "rstd", "d_bias", "d_gamma", "d_beta"]),
        ("compact", lambda: CompactLossCall(), ["logits", "grad_logits"], ["targets", "loss"]),
    ]
    cuda = lib() is not None and lib().lf_cuda_available()
    for op, factory, strided, plain in ops:
        outputs = {"out", "grad_logits"} if op.endswith("fwd") or op == "compact" else {"d_q", "d_k", "d_v", "d_x",
                                                                                         "d_weight"}
        add(op + ": valid", factory, OK)
        # Run-time arguments every call takes.
        # CUDA: a CPU build or no GPU cannot serve it; with a GPU the host pointers are refused.
        for device, status in ((2, INVALID), (-1, INVALID), (1, INVALID if cuda else UNSUPPORTED)):
            add("%s: device %d" % (op, device), broken(factory, lambda c, d=device: setattr(c, "device", d)), status,
                ["device"])
        # bfloat16 (1) is valid on the CPU; float16 (2) runs on CUDA only.
        for dtype, status in ((2, UNSUPPORTED), (3, INVALID), (-1, INVALID)):
            add("%s: dtype %d" % (op, dtype), broken(factory, lambda c, d=dtype: setattr(c, "dtype", d)), status,
                ["dtype"])
        add(op + ": stream on the CPU", broken(factory, lambda c, n=strided[0]: setattr(c, "stream", c.ptr[n])), INVALID,
            ["stream"])
        # Pointers.
        for name in strided + plain:
            if name == "grad_logits":
                continue  # NULL is valid: no gradient
            add("%s: %s NULL" % (op, name), broken(factory, lambda c, n=name: c.ptr.__setitem__(n, None)), NULL_POINTER,
                [name])
            add("%s: %s past the address space" % (op, name),
                broken(factory, lambda c, n=name: c.ptr.__setitem__(n, 1 << 56)), OVERFLOW, [name])
            add("%s: %s wrapping around" % (op, name),
                broken(factory, lambda c, n=name: c.ptr.__setitem__(n, (1 << 64) - 8)), OVERFLOW, [name])
        # Strides.
        for name in strided:
            add("%s: %s_strides NULL" % (op, name), broken(factory, lambda c, n=name: c.strides.__setitem__(n, None)),
                NULL_POINTER, [name + "_strides"])
            rank = {"weight": 4, "d_weight": 4, "logits": 2, "grad_logits": 2, "x": 3, "d_x": 3}.get(
                name, 3 if op.startswith("global") else 4)
            for dim in range(rank):
                # Huge strides on the outermost and innermost dims; a negative one on every dim.
                huge = HUGE_STRIDES if dim in (0, rank - 1) else []
                for value, status in [(-1, INVALID)] + [(h, OVERFLOW) for h in huge]:
                    if name.endswith("weight") and dim == 1 and value > 0:
                        continue  # the pool's frame extent is 1: any stride is valid there
                    add("%s: %s stride %d = %d" % (op, name, dim, value),
                        broken(factory, lambda c, n=name, d=dim, v=value, r=rank: set_stride(c, n, d, v, r)), status, [name])
                if name in outputs:
                    if name.endswith("weight") and dim == 1:
                        continue
                    add("%s: %s stride %d = 0 (overlapping output)" % (op, name, dim),
                        broken(factory, lambda c, n=name, d=dim, r=rank: set_stride(c, n, d, 0, r)), INVALID, [name])
    # Sizes and options of each op.
    sizes = {
        "window": (lambda b: WindowCall(b), ["batch", "heads", "head_dim"]),
        "cross": (lambda b: CrossCall(b), ["batch", "heads", "head_dim", "queries", "keys"]),
        "global": (lambda b: GlobalTokensCall(b), ["batch", "channels"]),
    }
    for op, (factory, names) in sizes.items():
        for backward in (False, True):
            label = op + ("_bwd" if backward else "_fwd")
            make = lambda b=backward, f=factory: f(b)
            for name in names:
                for value in BAD_SIZES:
                    add("%s: %s = %d" % (label, name, value), broken(make, lambda c, n=name, v=value: setattr(c, n, v)),
                        INVALID, [name])
                add("%s: %s = 2^62" % (label, name), broken(make, lambda c, n=name: setattr(c, n, 1 << 62)), OVERFLOW,
                    None)
            if op in ("window", "cross"):
                for value in (NAN, float("inf"), float("-inf")):
                    add("%s: scale %r" % (label, value), broken(make, lambda c, v=value: setattr(c, "scale", v)), INVALID,
                        ["scale"])
            grid_attr, part_attr = ("grid", "window") if op == "window" else ("grid", "pool")
            if op in ("window", "global"):
                for axis in range(3):
                    for value in BAD_SIZES:
                        add("%s: grid[%d] = %d" % (label, axis, value),
                            broken(make, lambda c, a=axis, v=value, g=grid_attr: set_axis(c, g, a, v)), INVALID, None)
                        add("%s: %s[%d] = %d" % (label, part_attr, axis, value),
                            broken(make, lambda c, a=axis, v=value, p=part_attr: set_axis(c, p, a, v)), INVALID, None)
                    add("%s: %s[%d] not dividing the grid" % (label, part_attr, axis),
                        broken(make, lambda c, a=axis, p=part_attr: set_axis(c, p, a, 3)), INVALID, ["a divisor"])
                add("%s: grid of 2^22 cubed" % label,
                    broken(make, lambda c, g=grid_attr, p=part_attr: (setattr(c, g, (1 << 22,) * 3), setattr(c, p, (1, 1, 1)))),
                    OVERFLOW, None)
            if op == "window":
                add(label + ": leading_tokens = -1", broken(make, lambda c: setattr(c, "leading", -1)), INVALID,
                    ["leading_tokens"])
                add(label + ": leading_tokens = 2^63 - 1", broken(make, lambda c: setattr(c, "leading", (1 << 63) - 1)),
                    OVERFLOW, ["leading_tokens"])
            if op == "global":
                for value in (0.0, -1e-5, NAN, float("inf")):
                    add("%s: eps %r" % (label, value), broken(make, lambda c, v=value: setattr(c, "eps", v)), INVALID,
                        ["eps"])
    compact = CompactLossCall
    for name, value in (("batch", 0), ("batch", -1), ("classes", 1), ("classes", 0), ("classes", -5)):
        add("compact: %s = %d" % (name, value), broken(compact, lambda c, n=name, v=value: setattr(c, n, v)), INVALID,
            [name])
    add("compact: batch * classes overflow", broken(compact, lambda c: (setattr(c, "batch", 1 << 40),
                                                                        setattr(c, "classes", 1 << 40))), OVERFLOW, None)
    for value in (NAN, float("inf"), float("-inf")):
        add("compact: lambda %r" % value, broken(compact, lambda c, v=value: setattr(c, "lam", v)), INVALID, ["lambda"])
    for value in (3, -1, 99):
        add("compact: reduction %d" % value, broken(compact, lambda c, v=value: setattr(c, "reduction", v)), INVALID,
            ["reduction"])
    for row in range(3):
        for value in (-1, 4, (1 << 63) - 1, -(1 << 63)):
            add("compact: target %d at row %d" % (value, row),
                broken(compact, lambda c, r=row, v=value: c.targets.__setitem__(r, v)), INVALID, ["targets", "row %d" % row])
    for value, status in ((-1, INVALID), (1 << 61, OVERFLOW), (1 << 62, OVERFLOW)):
        add("compact: targets_stride %d" % value, broken(compact, lambda c, v=value: setattr(c, "targets_stride", v)),
            status, ["targets"])
    add("compact: grad_logits aliasing logits",
        broken(compact, lambda c: c.ptr.__setitem__("grad_logits", c.ptr["logits"] + 4)), INVALID, ["grad_logits"])
    add("compact: grad_logits equal to logits",
        broken(compact, lambda c: c.ptr.__setitem__("grad_logits", c.ptr["logits"])), INVALID, ["grad_logits"])
    add("compact: loss inside the logits", broken(compact, lambda c: c.ptr.__setitem__("loss", c.ptr["logits"] + 8)),
        INVALID, ["loss"])
    add("compact: loss inside the gradient",
        broken(compact, lambda c: c.ptr.__setitem__("loss", c.ptr["grad_logits"])), INVALID, ["loss"])
    # Valid calls with odd layouts and data: results against the references.
    for kinds in (("padded",) * 4, ("transposed",) * 4, ("broadcast", "dense", "padded", "transposed"),
                  ("dense", "broadcast", "broadcast", "padded")):
        add("window_fwd: layouts %s" % ",".join(kinds), lambda k=kinds: WindowCall(False, k), OK)
        add("cross_fwd: layouts %s" % ",".join(kinds), lambda k=kinds: CrossCall(False, k), OK)
        if "broadcast" not in kinds:  # a broadcast input holds other values than its dense twin
            add("window_bwd: layouts %s" % ",".join(kinds), lambda k=kinds: LayoutInvariant(WindowCall, k), OK)
            add("cross_bwd: layouts %s" % ",".join(kinds), lambda k=kinds: LayoutInvariant(CrossCall, k), OK)
    for kinds in (("transposed", "padded", "dense", "padded"), ("padded", "transposed", "transposed", "dense")):
        add("window_bwd: layouts %s" % ",".join(kinds), lambda k=kinds: LayoutInvariant(WindowCall, k), OK)
        add("cross_bwd: layouts %s" % ",".join(kinds), lambda k=kinds: LayoutInvariant(CrossCall, k), OK)
    for kinds in (("padded", "padded", "padded", "padded"), ("transposed", "dense", "broadcast", "padded")):
        add("global_fwd: layouts %s" % ",".join(kinds), lambda k=kinds: GlobalTokensCall(False, k), OK)
    for kinds in (("transposed", "transposed"), ("padded", "padded"), ("broadcast", "dense")):
        for reduction in (0, 1, 2):
            add("compact: layouts %s, reduction %d" % (",".join(kinds), reduction),
                lambda k=kinds, r=reduction: CompactLossCall(k, r), OK)
    for op, factory in (("window_fwd", lambda: WindowCall(False)), ("cross_fwd", lambda: CrossCall(False))):
        for value in (NAN, float("inf"), -float("inf"), 3e38):
            add("%s: q holds %r" % (op, value), lambda f=factory, v=value: NonFinite(f(), "q", v), OK)
            add("%s: v holds %r" % (op, value), lambda f=factory, v=value: NonFinite(f(), "v", v), OK)
    for value in (NAN, float("inf")):
        add("compact: a row holding %r" % value, lambda v=value: NonFinite(CompactLossCall(reduction=0), "logits", v), OK)
    return found


def set_stride(call, name, dim, value, rank):
    array = longs([0] * rank)
    source = ctypes.cast(call.strides[name], ctypes.POINTER(I64))
    for i in range(rank):
        array[i] = source[i]
    array[dim] = value
    call.__dict__.setdefault("keep_alive", []).append(array)
    call.strides[name] = address(array)


def set_axis(call, attribute, axis, value):
    values = list(getattr(call, attribute))
    values[axis] = value
    setattr(call, attribute, tuple(values))


class LayoutInvariant:
    """A backward on odd layouts must give the dense call's gradients."""
    backward = True

    def __init__(self, kind, layouts):
        self.odd = kind(True, layouts + ("padded",) * 4)
        self.plain = kind(True)

    def snapshot(self):
        return {}

    def run(self, library):
        status = self.plain.run(library)
        return status if status != OK else self.odd.run(library)

    def check(self):
        for name in ("d_q", "d_k", "d_v"):
            odd, plain = getattr(self.odd, name), getattr(self.plain, name)
            sizes = plain.sizes
            for index in [(b, t, h, d) for b in range(sizes[0]) for t in range(sizes[1]) for h in range(sizes[2])
                          for d in range(sizes[3])]:
                if not close(odd.at(*index), plain.at(*index), 1e-5):
                    return "%s%s = %r, dense layout %r" % (name, list(index), odd.at(*index), plain.at(*index))
        return None


class NonFinite:
    """A non-finite or huge input value: the call succeeds; only the rows it touches may be non-finite."""
    backward = False

    def __init__(self, call, name, value):
        self.call, self.name, self.value = call, name, value
        getattr(call, name).data[0] = value

    def snapshot(self):
        return {}

    def run(self, library):
        return self.call.run(library)

    def check(self):
        if isinstance(self.call, CompactLossCall):
            rows = [self.call.loss.data[b] for b in range(3)]
            if not math.isnan(rows[0]) or not all(math.isfinite(r) for r in rows[1:]):
                return "loss rows %r: expected NaN in row 0 only" % rows
            return None
        out = self.call.out
        for t in range(out.sizes[1]):
            for h in range(out.sizes[2]):
                for d in range(out.sizes[3]):
                    if not math.isfinite(out.at(1, t, h, d)):
                        return "batch 1 (which the value does not touch) holds %r" % out.at(1, t, h, d)
        return None


_LIB = None


def lib():
    return _LIB


def load(path):
    global _LIB
    library = ctypes.CDLL(path)
    i32, i64, f32, ptr = ctypes.c_int32, ctypes.c_int64, ctypes.c_float, ctypes.c_void_p
    run_on = [i32, ptr, i32]
    tensor = [ptr, ptr]  # data, strides
    signatures = {
        "lf_window_attention_fwd": run_on + [i64] * 10 + [f32] + tensor * 4 + [ptr],
        "lf_window_attention_bwd": run_on + [i64] * 10 + [f32] + tensor * 4 + [ptr] + tensor * 4,
        "lf_cross_attention_fwd": run_on + [i64] * 5 + [f32] + tensor * 4 + [ptr],
        "lf_cross_attention_bwd": run_on + [i64] * 5 + [f32] + tensor * 4 + [ptr] + tensor * 4,
        "lf_global_tokens_fwd": run_on + [i64] * 8 + [f32] + tensor * 2 + [ptr, i64] * 3 + tensor + [ptr, ptr],
        "lf_global_tokens_bwd": run_on + [i64] * 8 + [f32] + tensor * 2 + [ptr, i64] * 2 + [ptr, ptr] + tensor * 3
        + [ptr, i64] * 3,
        "lf_compact_loss_fwd": run_on + [i64, i64, f32, i32] + tensor + [ptr, i64, ptr] + tensor,
    }
    for name, argtypes in signatures.items():
        function = getattr(library, name)
        function.argtypes, function.restype = argtypes, i32
    library.lf_last_error_message.restype = ctypes.c_char_p
    library.lf_cuda_available.restype = i32
    _LIB = library
    return library


def run_case(path, index):
    library = load(path)
    name, make, want, names = cases()[index]
    call = make()
    before = call.snapshot()
    status = call.run(library)
    message = library.lf_last_error_message().decode("utf-8", "replace")
    problem = None
    if status != want:
        problem = "expected status %d, got %d (%s)" % (want, status, message)
    elif status != OK:
        if not message or "\n" in message:
            problem = "the message is not one line: %r" % message
        elif names and not all(part in message for part in names):
            problem = "the message %r does not name %s" % (message, names)
        elif call.snapshot() != before:
            problem = "an output was written by a failing call"
    else:
        problem = call.check()
    print(json.dumps({"status": status, "message": message, "problem": problem}))
    return 0


def main():
    path = sys.argv[1]
    if len(sys.argv) == 4 and sys.argv[2] == "--case":
        return run_case(path, int(sys.argv[3]))
    load(path)
    all_cases = cases()

    def child(index):
        # -S -E: no site packages or PYTHON* variables, so that a child starts in milliseconds.
        result = subprocess.run([sys.executable, "-S", "-E", __file__, path, "--case", str(index)], capture_output=True,
                                text=True, timeout=120)
        if result.returncode < 0:
            return index, {"crash": "killed by signal %d" % -result.returncode, "stderr": result.stderr[-2000:]}
        if result.returncode != 0 or not result.stdout.strip():
            return index, {"crash": "exit status %d" % result.returncode, "stderr": result.stderr[-2000:]}
        return index, json.loads(result.stdout.strip().splitlines()[-1])

    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        results = dict(pool.map(child, range(len(all_cases))))
    crashes = wrong = errors = failed = 0
    for index, (name, _, want, _) in enumerate(all_cases):
        result = results[index]
        if "crash" in result:
            crashes += 1
            failed += 1
            print("CRASH %s: %s\n%s" % (name, result["crash"], result["stderr"]))
            continue
        if result["problem"]:
            failed += 1
            wrong += want == OK
            print("FAIL %s: %s" % (name, result["problem"]))
        elif result["status"] != OK:
            errors += 1
    print("C ABI corpus: %d calls, %d clear errors, %d valid calls checked, %d crashes, %d wrong results, %d failed"
          % (len(all_cases), errors, sum(1 for c in all_cases if c[2] == OK), crashes, wrong, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
