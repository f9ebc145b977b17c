"""Timing on the GPU through PyTorch, as benchmarks/cuda/bench_common.cuh times the fused ops:
CUDA events around each call, warm-up first, the median of many calls; and the JSON records
(one object per line) that benchmarks/cuda/gpu_check.py reads."""
import json
import statistics

import torch


def median_ms(fn, runs, warmup=5):
    """Median time in ms of fn(i) over `runs` calls, each timed by CUDA events."""
    for i in range(warmup):
        fn(i)
    times = []
    for i in range(runs):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn(warmup + i)
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


class Records:
    """Appends JSON records to a file (flushed one by one, so that a run stopped midway keeps
    what it measured); a no-op without a file."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8") if path else None

    def write(self, **record):
        if self.file:
            self.file.write(json.dumps(record) + "\n")
            self.file.flush()
