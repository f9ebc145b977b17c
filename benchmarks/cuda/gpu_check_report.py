"""The report of benchmarks/cuda/gpu_check.py: what follows from the parts' raw results (the roofline
of every benchmark against the measured ceilings, the fused ops against PyTorch's baselines), as
report.json's "derived" section and as report.md. Standard library only."""
import statistics


def _median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def _results(report, name):
    part = next((p for p in report.get("parts", []) if p["name"] == name), None)
    return (part or {}).get("results") or {}


def derive(report):
    """Ceilings used, each benchmark's GB/s, TFLOP/s, fractions of the ceilings and roofline floor,
    and each baseline's time over the fused op's (> 1: the fused op is faster)."""
    ceilings = _results(report, "ceilings")
    bench = _results(report, "benchmarks")
    devices = bench.get("devices", [])
    copy = ceilings.get("copy_gbps")
    copy_source = "PyTorch device-to-device copy"
    if copy is None:
        copy, copy_source = _median(d.get("copy_gbps") for d in devices), "bench harness cudaMemcpy"
    fma = _median(d.get("fma_gflops") for d in devices)
    matmul = ceilings.get("matmul_tflops") or {}
    rows = []
    for r in bench.get("rows", []):
        ms, nbytes, flops = r["ms"], r["bytes"], r["flops"]
        peak = matmul.get(r["dtype"])  # the tensor-core rate of the dtype (float32: TF32 off)
        row = {"op": r["op"], "shape": r["shape"], "dtype": r["dtype"], "ms": ms, "bytes": nbytes, "flops": flops,
               "gbps": nbytes / (ms * 1e6), "tflops": flops / (ms * 1e9) if flops else None}
        row["copy_fraction"] = row["gbps"] / copy if copy else None
        row["fma_fraction"] = row["tflops"] * 1e3 / fma if fma and row["tflops"] else None
        row["matmul_fraction"] = row["tflops"] / peak if peak and row["tflops"] else None
        floors = [nbytes / (copy * 1e6)] if copy else []
        if flops and peak:
            floors.append(flops / (peak * 1e9))
        row["floor_ms"] = max(floors) if floors else None
        row["floor_fraction"] = row["floor_ms"] / ms if row["floor_ms"] else None
        rows.append(row)

    def fused(op, shape, dtype):
        return next((x for x in rows if x["op"] == op and x["shape"] == shape and x["dtype"] == dtype), None)

    comparisons = []
    for b in _results(report, "baselines").get("rows", []):
        forward = fused("window_attention_fwd", b["shape"], b["dtype"])
        backward = fused("window_attention_bwd", b["shape"], b["dtype"])
        both = forward and backward
        for direction, mine, theirs, flops in [
                ("forward", forward and forward["ms"], b["forward_ms"], forward and forward["flops"]),
                ("forward+backward", both and forward["ms"] + backward["ms"], b["forward_backward_ms"],
                 both and forward["flops"] + backward["flops"])]:
            # The same nominal FLOPs for both sides, so TFLOP/s compare as the times do.
            comparisons.append({"shape": b["shape"], "dtype": b["dtype"], "direction": direction,
                                "baseline": b["baseline"], "fused_ms": mine, "baseline_ms": theirs,
                                "speedup": theirs / mine if mine else None,
                                "baseline_tflops": flops / (theirs * 1e9) if flops and theirs else None})
    return {"copy_gbps": copy, "copy_source": copy_source if copy else None, "fma_gflops": fma,
            "matmul_tflops": matmul, "benchmarks": rows, "comparisons": comparisons}


def _number(value, digits=3):
    if value is None:
        return "-"
    if abs(value) >= 10 ** digits:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


def _percent(value):
    return "-" if value is None else f"{100 * value:.0f}%"


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(report):
    counts = {}
    for p in report.get("parts", []):
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    state = "finished" if report.get("finished") else "still running or stopped"
    return f"{state}: {text or 'no parts yet'}"


def parts_table(report):
    return _table(["part", "status", "s", "limit s", "summary"],
                  [[p["name"], p["status"], _number(p.get("seconds")), _number(p.get("limit_s")),
                    p.get("summary", "")] for p in report.get("parts", [])])


def comparisons_table(derived):
    return _table(["shape", "dtype", "direction", "baseline", "fused ms", "baseline ms", "baseline / fused",
                   "baseline TFLOP/s"],
                  [[c["shape"], c["dtype"], c["direction"], c["baseline"], _number(c["fused_ms"]),
                    _number(c["baseline_ms"]), _number(c["speedup"]), _number(c["baseline_tflops"])]
                   for c in derived["comparisons"]])


def summary(report):
    """The parts and the comparison with PyTorch: what a terminal shows at the end."""
    text = f"GPU check {_verdict(report)}\n\n{parts_table(report)}\n"
    derived = report.get("derived") or derive(report)
    if derived["comparisons"]:
        text += f"\n{comparisons_table(derived)}\n"
    return text


def markdown(report):
    derived = report.get("derived") or derive(report)
    machine = report.get("machine", {})
    gpu = machine.get("gpu")
    out = [f"# GPU check, {report.get('started')}", "", f"**{_verdict(report)}** "
           f"(budget {report.get('budget_s'):.0f} s, took {_number(report.get('seconds'))} s)", ""]
    gpu_text = (f"{gpu['name']}, compute capability {gpu['compute_capability']} (sm_{gpu['arch']})" +
                (f", driver {gpu['driver']}, {gpu['memory_mib']} MiB, SM clock {gpu['sm_clock_mhz']} of "
                 f"{gpu['sm_clock_max_mhz']} MHz, {gpu['pstate']}" if "driver" in gpu else "")
                if gpu else f"none ({machine.get('gpu_reason')})")
    tools = machine.get("tools", {})
    tool_text = "; ".join(f"{name}: {t['version'] if t else 'not found'}" for name, t in tools.items())
    torch = machine.get("torch", {})
    out += ["## Machine", "", f"- GPU: {gpu_text}",
            f"- host: {machine.get('cpus')} CPUs, {machine.get('memory_gib')} GiB, {machine.get('platform')}, "
            f"Python {machine.get('python')}",
            f"- tools: {tool_text or '-'}",
            f"- PyTorch: {torch.get('version', torch.get('error', '-'))}" +
            (f" (CUDA {torch.get('cuda')}, sees {torch.get('gpu')})" if torch.get("version") else ""),
            f"- commit: {machine.get('commit', '-')}; library: {machine.get('build_info', '-')}", ""]
    out += ["## Parts", "", parts_table(report), ""]

    if derived["copy_gbps"] or derived["matmul_tflops"] or derived["fma_gflops"]:
        rows = [["copy bandwidth (read + write)", f"{_number(derived['copy_gbps'])} GB/s", derived["copy_source"]]]
        rows += [[f"{dtype} matmul 8192^3" + (" (TF32 off)" if dtype == "f32" else ""), f"{_number(v)} TFLOP/s",
                  "torch.matmul on random data"] for dtype, v in derived["matmul_tflops"].items()]
        rows.append(["fp32 FMA (CUDA cores)", f"{_number(derived['fma_gflops'])} GFLOP/s", "bench harness"])
        out += ["## Ceilings (measured here)", "", _table(["what", "rate", "how"], rows), ""]

    if derived["benchmarks"]:
        out += ["## CUDA benchmarks", "",
                "Median of 50 runs (100 for the loss), inputs rotated past the L2 cache. `% copy`: of the "
                "copy bandwidth; `% fma`: of the fp32 FMA rate (what the kernels compute on now); `% mma`: of "
                "the dtype's matmul rate (tensor cores; f32 with TF32 off); floor: the larger of bytes over the "
                "copy bandwidth and FLOPs over the dtype's matmul rate; `floor / ms`: how close to it.", "",
                _table(["op", "shape", "dtype", "ms", "GB/s", "% copy", "TFLOP/s", "% fma", "% mma", "floor ms",
                        "floor / ms"],
                       [[r["op"], r["shape"], r["dtype"], _number(r["ms"]), _number(r["gbps"]),
                         _percent(r["copy_fraction"]), _number(r["tflops"]), _percent(r["fma_fraction"]),
                         _percent(r["matmul_fraction"]), _number(r["floor_ms"]), _percent(r["floor_fraction"])]
                        for r in derived["benchmarks"]]), ""]

    if derived["comparisons"]:
        out += ["## Window attention against PyTorch", "",
                "`sdpa+partition`: scaled_dot_product_attention on window-partitioned copies (the copies timed); "
                "`flex+blockmask`: FlexAttention over the clip with a block mask. `baseline / fused` > 1: the "
                "fused op is faster.", "", comparisons_table(derived), ""]

    tests = _results(report, "cuda_tests")
    if tests.get("cases"):
        out += ["## CUDA test cases", "",
                _table(["test", "case", "result"],
                       [[c["test"], c["name"], "ok" if c["ok"] else "FAILED"] for c in tests["cases"]]), ""]

    tools = _results(report, "sanitizer").get("tools", [])
    if tools:
        out += ["## compute-sanitizer", "", f"On `test_cuda_ops {_results(report, 'sanitizer').get('case')}`.", "",
                _table(["tool", "status", "errors", "s", "summary"],
                       [[t["tool"], t["status"], _number(t["errors"]), _number(t["seconds"]),
                         t["summary_line"] or t.get("test_summary", "")] for t in tools]), ""]

    errors = [p for p in report.get("parts", []) if p.get("error")]
    if errors:
        out += ["## Errors", ""]
        for p in errors:
            out += [f"### {p['name']} ({p['status']})", "", "```", p["error"].rstrip(), "```", ""]

    out += ["## Not checked here", "", f"- Java path: {report.get('java')}", "",
            "Every command and its full output: `log.txt` beside this file; all numbers: `report.json`.", ""]
    return "\n".join(out)
