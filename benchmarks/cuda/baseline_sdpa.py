#!/usr/bin/env python3
"""PyTorch baselines for bench_window_attention: the same window attention computed by

  * SDPA on window-partitioned tensors: heads-last [B, 1 + F*H*W, heads, D] q/k/v are copied
    into [B * windows, heads, window + G, D] (the CLS key/value appended to every window), run
    through torch.nn.functional.scaled_dot_product_attention, and the output copied back to
    heads-last with a zero CLS row - the copies are part of the timed op, as they are of any
    model that uses SDPA this way;
  * FlexAttention over the whole clip with a block mask (each grid query sees its window and
    the CLS key; the CLS row is not a query), from heads-last inputs transposed to [B, heads,
    T, D].

Shapes, dtype and timing follow benchmarks/cuda/bench_common.cuh: DESIGN.md's clip of 16x7x7
tokens plus CLS, 8 heads x 64, batch 32, windows 2x7x7 and 4x7x7, bf16; CUDA events, warm-up,
median of 50 runs, input sets rotated so that one pass over them is three times the L2 cache.
Shape labels are bench_window_attention's, so that gpu_check.py pairs the two. A baseline that
fails (FlexAttention's compile, say) is reported and the next one still runs.

Usage: python3 benchmarks/cuda/baseline_sdpa.py [--dtype bf16|f16|f32]... [--runs 50] [--jsonl FILE]
"""
import argparse
import math
import traceback

import torch
import torch.nn.functional as F
from torch.nn.attention.flex_attention import create_block_mask, flex_attention

from cuda_events import Records, median_ms

CLIP = (16, 7, 7)
HEADS, HEAD_DIM, BATCH, LEADING_TOKENS = 8, 64, 32, 1
WINDOWS = [(2, 7, 7), (4, 7, 7)]
DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}


def rotation_sets(bytes_per_set):
    l2 = torch.cuda.get_device_properties(0).L2_cache_size
    return max(2, math.ceil(3 * l2 / bytes_per_set))


def window_order(grid, window):
    """Grid token indices (row-major t, y, x) listed window by window: [windows, window tokens]."""
    f, h, w = grid
    wf, wh, ww = window
    index = torch.arange(f * h * w).view(f // wf, wf, h // wh, wh, w // ww, ww)
    return index.permute(0, 2, 4, 1, 3, 5).reshape(-1, wf * wh * ww)


class PartitionedSdpa:
    """Window attention as partition copies + SDPA + un-partition copy."""

    def __init__(self, grid, window, device):
        self.order = window_order(grid, window).to(device)  # [windows, L]
        self.windows, self.length = self.order.shape

    def __call__(self, q, k, v):
        B, T, H, D = q.shape

        def partition(x, with_leading):
            grid = x[:, LEADING_TOKENS:][:, self.order]  # [B, windows, L, H, D]: a gather copy
            if with_leading:
                cls = x[:, :LEADING_TOKENS].unsqueeze(1).expand(B, self.windows, LEADING_TOKENS, H, D)
                grid = torch.cat([grid, cls], dim=2)
            return grid.reshape(B * self.windows, -1, H, D).transpose(1, 2)  # [B*windows, H, L(+G), D]

        out = F.scaled_dot_product_attention(partition(q, False), partition(k, True), partition(v, True))
        out = out.transpose(1, 2).reshape(B, self.windows * self.length, H, D)
        result = q.new_zeros(B, T, H, D)
        result[:, LEADING_TOKENS:][:, self.order.flatten()] = out  # scatter back to grid order
        return result


class MaskedFlex:
    """Window attention as FlexAttention with a block mask over the whole clip."""

    def __init__(self, grid, window, device):
        f, h, w = grid
        wf, wh, ww = window
        tokens = LEADING_TOKENS + f * h * w
        n = (torch.arange(tokens, device=device) - LEADING_TOKENS).clamp(min=0)
        t, y, x = n // (h * w), (n // w) % h, n % w
        window_id = ((t // wf) * (h // wh) + y // wh) * (w // ww) + x // ww

        def mask_mod(b, head, q_idx, kv_idx):
            is_query = q_idx >= LEADING_TOKENS
            return is_query & ((kv_idx < LEADING_TOKENS) | (window_id[q_idx] == window_id[kv_idx]))

        self.mask = create_block_mask(mask_mod, B=None, H=None, Q_LEN=tokens, KV_LEN=tokens, device=device)
        self.attention = torch.compile(flex_attention)

    def __call__(self, q, k, v):
        out = self.attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), block_mask=self.mask)
        return out.transpose(1, 2)


def bench(op, dtype, runs, device):
    """(forward ms, forward+backward ms) of op on rotated input sets of the design shape."""
    tokens = LEADING_TOKENS + math.prod(CLIP)
    shape = (BATCH, tokens, HEADS, HEAD_DIM)
    tensor_bytes = math.prod(shape) * torch.tensor([], dtype=dtype).element_size()
    count = rotation_sets(5 * tensor_bytes)
    sets = []
    for _ in range(count):
        q, k, v = (torch.randn(shape, device=device, dtype=dtype).requires_grad_() for _ in range(3))
        sets.append((q, k, v, torch.randn(shape, device=device, dtype=dtype)))

    def forward(i):
        q, k, v, _ = sets[i % count]
        with torch.no_grad():
            op(q, k, v)

    def forward_backward(i):
        q, k, v, grad = sets[i % count]
        q.grad = k.grad = v.grad = None
        op(q, k, v).backward(grad)

    return median_ms(forward, runs), median_ms(forward_backward, runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dtype", choices=DTYPES, action="append", help="repeat for several (default bf16)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--jsonl", help="append one JSON record per baseline, shape and dtype to this file")
    args = parser.parse_args()
    device = torch.device("cuda")
    records = Records(args.jsonl)
    print(f"device: {torch.cuda.get_device_name(0)}; torch {torch.__version__}")
    failures = 0
    # SDPA first in every dtype, then FlexAttention, whose compiles take most of the time.
    for baseline, make in [("sdpa+partition", PartitionedSdpa), ("flex+blockmask", MaskedFlex)]:
        for dtype_name in args.dtype or ["bf16"]:
            for window in WINDOWS:
                label = (f"B{BATCH} {'x'.join(map(str, CLIP))}+{LEADING_TOKENS} w{'x'.join(map(str, window))} "
                         f"{HEADS}x{HEAD_DIM}")
                try:
                    fwd, both = bench(make(CLIP, window, device), DTYPES[dtype_name], args.runs, device)
                except Exception as error:  # report it; the other baselines still run
                    failures += 1
                    print(f"{baseline:<15} {label} {dtype_name}: failed: {error!r}")
                    traceback.print_exc()
                    records.write(record="baseline_error", baseline=baseline, shape=label, dtype=dtype_name,
                                  error=f"{type(error).__name__}: {error}")
                    continue
                print(f"{baseline:<15} {label} {dtype_name:<4} fwd {fwd:8.3f} ms   fwd+bwd {both:8.3f} ms"
                      f"   (bwd ~ {both - fwd:.3f} ms)")
                records.write(record="baseline", baseline=baseline, shape=label, dtype=dtype_name,
                              torch=torch.__version__, forward_ms=fwd, forward_backward_ms=both)
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
