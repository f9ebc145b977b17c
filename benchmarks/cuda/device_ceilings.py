#!/usr/bin/env python3
"""The device's two ceilings, measured through PyTorch on random data (never zeros, which run
faster): device-to-device copy bandwidth (bytes read plus bytes written per second) and the
matrix-product rate of an 8192^3 product in bfloat16, float16 and float32 (float32 with TF32
off, as the fused kernels' float32 tolerance needs, and with TF32 on). The copy and the
bfloat16 rate are the roofline of benchmarks/cuda/gpu_check.py's report.

Usage: python3 benchmarks/cuda/device_ceilings.py [--jsonl FILE] [--size 8192] [--copy-gib 2]
"""
import argparse

import torch

from cuda_events import Records, median_ms


def copy_gbps(gib):
    count = int(gib * (1 << 30))
    source = torch.randint(0, 256, (count,), dtype=torch.uint8, device="cuda")
    target = torch.empty_like(source)
    ms = median_ms(lambda i: target.copy_(source), runs=20, warmup=3)
    return 2.0 * count / (ms * 1e6)


def matmul_tflops(dtype, n, tf32=False):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    a, b = (torch.randn(n, n, dtype=dtype, device="cuda") for _ in range(2))
    c = torch.empty(n, n, dtype=dtype, device="cuda")
    ms = median_ms(lambda i: torch.matmul(a, b, out=c), runs=10, warmup=3)
    return 2.0 * n ** 3 / (ms * 1e9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jsonl", help="append one JSON record per ceiling to this file")
    parser.add_argument("--size", type=int, default=8192, help="n of the n x n x n matrix products")
    parser.add_argument("--copy-gib", type=float, default=2.0, help="GiB copied per timed copy")
    args = parser.parse_args()
    records = Records(args.jsonl)
    properties = torch.cuda.get_device_properties(0)
    print(f"device: {properties.name}, {properties.multi_processor_count} SMs; torch {torch.__version__}")
    gbps = copy_gbps(args.copy_gib)
    print(f"copy {gbps:.0f} GB/s (read + write)")
    records.write(record="ceiling", name="copy", gbps=gbps, bytes=int(args.copy_gib * (1 << 30)))
    for name, dtype, tf32 in [("matmul_bf16", torch.bfloat16, False), ("matmul_f16", torch.float16, False),
                              ("matmul_f32", torch.float32, False), ("matmul_tf32", torch.float32, True)]:
        tflops = matmul_tflops(dtype, args.size, tf32)
        print(f"{name} {tflops:.1f} TFLOP/s ({args.size}^3)")
        records.write(record="ceiling", name=name, tflops=tflops, n=args.size)


if __name__ == "__main__":
    main()
