#!/usr/bin/env python3
"""The GPU check in one command: ./lf gpu-check OUT_DIR (or python3 benchmarks/cuda/gpu_check.py OUT_DIR).

Made for a GPU machine lent for minutes (an H100 or H200 with the CUDA toolkit, CMake, ninja and
Python with PyTorch; no registry, no Maven): builds the library for the present GPU only, runs the
CUDA tests, the extended sweep, the benchmarks beside PyTorch's baselines and compute-sanitizer,
and writes one report. Parts, in order, each with a share of the time budget (default 420 s):

  environment     the machine, the tools, the GPU and its architecture (nvidia-smi), PyTorch
  build           CMake (+ ninja) with the CUDA kernels for that architecture only
  cuda_tests      ctest -L cuda: test_cuda_ops (numerics), test_cuda_dispatch (what Java relies on)
  extended_sweep  test_cuda_ops extended_random_sweep with LF_EXTENDED_TESTS=1
  ceilings        copy bandwidth and matrix-product rates through PyTorch (device_ceilings.py)
  benchmarks      every bench_<op> in bf16, f16 and f32
  baselines       SDPA on window-partitioned tensors and FlexAttention (baseline_sdpa.py)
  sanitizer       compute-sanitizer memcheck, racecheck, initcheck, synccheck on a small case per op
  java            cannot be checked on such a machine: reported as not checked

A part that ends early passes its unused time on (a part gets at most twice its share); one that
outlives its time is stopped (its process group killed) and reported as timed out, and the next
part runs; a failing part is
reported and the next part runs too. Without a GPU (or with CUDA_VISIBLE_DEVICES hiding it) the
GPU parts are skipped and the report is still written. Writes OUT_DIR/report.md, report.json (after
every part, atomically) and log.txt (every command with its output), nothing else; builds in
--build-dir (default build/gpu-check in the repository, never carried to a device machine) and
keeps scratch files and PyTorch's compile cache there. Needs Python 3.8+ and its standard library;
PyTorch only for the ceilings and baselines. Exit status: 0 when no part failed or timed out.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gpu_check_report  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FORMAT = "logoformer-gpu-check/1"
DEFAULT_BUDGET_S = 420
DTYPES = ["bf16", "f16", "f32"]
OPS = ["window_attention", "cross_attention", "global_tokens", "compact_loss"]
SANITIZER_TOOLS = {"memcheck": 3, "racecheck": 3, "initcheck": 2, "synccheck": 1}  # tool: weight of its time
SMALL_CASE = "every_op_in_every_dtype_on_a_small_case"  # native/tests/test_cuda_ops.cpp
# Characters of one command's output kept in log.txt (its tail), so that the log of some 30 commands
# stays under the 16 MB per file that a lent device machine sends back.
LOG_LIMIT = 1 << 18
STATUSES = ["ok", "skipped", "not_checked", "failed", "timeout"]
JAVA_NOTE = ("not checkable on the GPU machines: they have no Maven or registry, and LibTorch's GPU jar "
             "(org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64-gpu) alone is 458 MB, beyond the 64 MiB a "
             "working tree may carry there. test_cuda_dispatch (cuda_tests) checks from C++ what the Java "
             "dispatch relies on: LibTorch's current stream (non-blocking and the legacy NULL stream), the "
             "current device, the three dtypes, packed q/k/v views, bit-identical repeats. CudaOpsTest "
             "(JUnit) stays to be run on a machine with Maven, a GPU and the -Pgpu build.")


def utc_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Outcome:
    """What one command did: exit code (None when stopped), seconds, merged stdout and stderr."""

    def __init__(self, command, rc, seconds, output, timed_out):
        self.command, self.rc, self.seconds, self.output, self.timed_out = command, rc, seconds, output, timed_out

    @property
    def ok(self):
        return self.rc == 0 and not self.timed_out

    def status(self):
        return "timeout" if self.timed_out else "ok" if self.rc == 0 else "failed"

    def tail(self, lines=40):
        return "\n".join(self.output.rstrip().splitlines()[-lines:])


class Log:
    """log.txt: every command, its limit, its output (the tail of very long output) and its end."""

    def __init__(self, path):
        self.path = path
        path.write_text(f"gpu-check log, started {utc_now()}\n", encoding="utf-8")

    def write(self, text):
        with open(self.path, "a", encoding="utf-8", errors="replace") as f:
            f.write(text)

    def command(self, outcome, limit):
        output = outcome.output
        if len(output) > LOG_LIMIT:
            output = f"[... {len(output) - LOG_LIMIT} characters left out ...]\n" + output[-LOG_LIMIT:]
        end = "stopped at its limit" if outcome.timed_out else f"exit {outcome.rc}"
        self.write(f"\n$ {' '.join(map(str, outcome.command))}   (limit {limit:.0f} s)\n{output}"
                   f"{'' if output.endswith(chr(10)) or not output else chr(10)}[{end}, {outcome.seconds:.1f} s]\n")


def run_command(command, deadline, log=None, env=None, cwd=None):
    """Runs command (a list) until it ends or until `deadline` (time.monotonic()), then kills its
    whole process group (it runs in a session of its own, so children die with it)."""
    limit = max(1.0, deadline - time.monotonic())
    start = time.monotonic()
    full_env = dict(os.environ, **(env or {}))
    try:
        process = subprocess.Popen([str(c) for c in command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=full_env, cwd=cwd, start_new_session=True)
    except OSError as error:
        outcome = Outcome(command, 127, 0.0, f"cannot run {command[0]}: {error}\n", False)
        if log:
            log.command(outcome, limit)
        return outcome
    timed_out = False
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        timed_out = True
        for sig, grace in ((signal.SIGTERM, 3), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                output, _ = process.communicate(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                output = b""
    text = output.decode("utf-8", errors="replace") if output else ""
    outcome = Outcome(command, None if timed_out else process.returncode, time.monotonic() - start, text, timed_out)
    if log:
        log.command(outcome, limit)
    return outcome


def worst(statuses):
    """The most severe of the statuses (failed > timeout > ok)."""
    order = {"ok": 0, "skipped": 0, "not_checked": 0, "timeout": 1, "failed": 2}
    return max(statuses, key=lambda s: order[s], default="ok")


def read_records(path):
    """The JSON records (one object per line) of a file a command appended to; bad lines skipped."""
    records = []
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                pass
    return records


def cmake_cache(build_dir):
    """NAME -> value of build_dir/CMakeCache.txt ({} without one)."""
    values = {}
    cache = build_dir / "CMakeCache.txt"
    if cache.exists():
        for line in cache.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):[A-Z]+=(.*)$", line)
            if match:
                values[match.group(1)] = match.group(2)
    return values


# ---- parsing what the tools print ------------------------------------------------------------

CTEST_RESULT = re.compile(r"Test\s+#(\d+):\s+(\S+)\s+\.*\s*(?:\*{3})?(Passed|Failed|Skipped|Not Run|Timeout|"
                          r"Exception|SEGFAULT|Subprocess aborted|Child aborted)\b[^\n]*?([\d.]+)\s+sec")
HARNESS_CASE = re.compile(r"\[(  OK  | FAIL )\] (\w+)")


def parse_ctest(output):
    """ctest -V output -> tests [{name, status, seconds}], cases [{test, name, ok}], failure lines."""
    tests, names = [], {}
    for number, name in re.findall(r"^\s*Start\s+(\d+): (\S+)", output, re.M):
        names[number] = name
    for number, name, result, seconds in CTEST_RESULT.findall(output):
        status = {"Passed": "ok", "Skipped": "skipped"}.get(result, "failed")
        tests.append({"name": name, "status": status, "result": result, "seconds": float(seconds)})
    cases, failures = [], []
    for line in output.splitlines():
        match = re.match(r"^(\d+): (.*)$", line)
        if not match:
            continue
        number, text = match.groups()
        case = HARNESS_CASE.match(text)
        if case:
            cases.append({"test": names.get(number, number), "name": case.group(2), "ok": case.group(1) == "  OK  "})
        elif text.startswith("  ") or "CHECK(" in text:
            failures.append(f"{names.get(number, number)}: {text.strip()}")
    return tests, cases, failures


def parse_harness(output):
    """A test executable's own output -> cases [{name, ok}], failure lines, the summary line."""
    cases = [{"name": m.group(2), "ok": m.group(1) == "  OK  "} for m in HARNESS_CASE.finditer(output)]
    failures = [line.strip() for line in output.splitlines() if "CHECK(" in line or line.startswith("  ") and
                not line.startswith("  not run")]
    summary = next((line for line in output.splitlines() if re.match(r"^\d+ passed, \d+ failed$", line)), "")
    return cases, failures, summary


def parse_sanitizer(output):
    """compute-sanitizer's summary -> (errors or None when it printed none, the summary line)."""
    race = re.search(r"RACECHECK SUMMARY: (\d+) hazards? displayed \((\d+) errors?, (\d+) warnings?\)", output)
    if race:
        return int(race.group(2)), race.group(0)
    summary = re.search(r"ERROR SUMMARY: (\d+) errors?", output)
    if summary:
        return int(summary.group(1)), summary.group(0)
    return None, ""


SANITIZER_UNAVAILABLE = re.compile(r"Device not supported|Unable to find injection library|"
                                   r"Target application terminated before first instrumented API call")


# ---- the check -------------------------------------------------------------------------------

class Part:
    """One step of the check: `share` seconds of the default budget; `needs`: what must be there
    (gpu: a usable GPU; library: the build's library with CUDA kernels that sees it; torch: PyTorch
    with CUDA), else the part is skipped with the reason."""

    def __init__(self, name, share, run, needs=()):
        self.name, self.share, self.run, self.needs = name, share, run, needs


class Check:
    def __init__(self, out_dir, build_dir, budget_s, jobs):
        self.out_dir, self.build_dir, self.budget_s, self.jobs = out_dir, build_dir, budget_s, jobs
        out_dir.mkdir(parents=True, exist_ok=True)
        self.log = Log(out_dir / "log.txt")
        self.report = {"format": FORMAT, "started": utc_now(), "finished": None, "budget_s": budget_s,
                       "out_dir": str(out_dir), "build_dir": str(build_dir), "machine": {}, "parts": [],
                       "java": JAVA_NOTE}
        self.gpu = None  # {"name", "compute_capability", "arch", ...} from nvidia-smi
        self.gpu_reason = "not probed yet"
        self.torch = None  # {"version", "cuda", "gpu", "capability"} when importable
        self.torch_reason = "not probed yet"
        self.library = None  # what the library says about itself after the build
        self.scratch = None

    def run(self, command, deadline, **kwargs):
        return run_command(command, deadline, log=self.log, **kwargs)

    def part(self, name):
        return next((p for p in self.report["parts"] if p["name"] == name), None)

    def blocked(self, part):
        """Why `part` cannot run here, or None."""
        if "gpu" in part.needs and self.gpu is None:
            return f"no GPU: {self.gpu_reason}"
        if "library" in part.needs:
            build = self.part("build")
            if build is None or build["status"] != "ok":
                return f"needs the build, which {'did not run' if build is None else 'ended ' + build['status']}"
            if self.library is None or "cuda: sm_" not in self.library.get("build_info", ""):
                info = self.library.get("build_info", "?") if self.library else "no library"
                return f"the library has no CUDA kernels ({info})"
            if not self.library.get("cuda_available"):
                return "lf_cuda_available() = 0: the library sees no usable GPU although nvidia-smi lists one"
        if "torch" in part.needs and (self.torch is None or not self.torch.get("gpu")):
            return f"PyTorch with CUDA is needed: {self.torch_reason if self.torch is None else 'it sees no GPU'}"
        return None

    def run_parts(self, parts):
        self.build_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="gpu-check-", dir=self.build_dir) as scratch:
            self.scratch = Path(scratch)
            scale = self.budget_s / sum(p.share for p in parts)
            start = cumulative = time.monotonic()
            for part in parts:
                cumulative += part.share * scale
                began = time.monotonic()
                # Unused time of earlier parts passes on, but at most doubles a part's share, so that
                # one slow part cannot take all of it from the parts after it.
                deadline = min(cumulative, began + 2 * part.share * scale)
                entry = {"name": part.name, "limit_s": round(max(0.0, deadline - began), 1)}
                reason = self.blocked(part)
                if reason:
                    result = {"status": "skipped", "summary": reason, "limit_s": None}
                elif part.share > 0 and deadline - began < 1:
                    result = {"status": "skipped", "summary": "no time left in the budget"}
                else:
                    try:
                        result = part.run(self, deadline)
                    except Exception as error:  # a bug of the check itself: report it, go on
                        result = {"status": "failed", "summary": f"the check itself failed: {error!r}",
                                  "error": traceback.format_exc()}
                entry.update(result)
                entry["seconds"] = round(time.monotonic() - began, 1)
                self.report["parts"].append(entry)
                self.write_report()
                limit = "" if entry["limit_s"] is None else f" of {entry['limit_s']:.0f}"
                print(f"[gpu-check] {part.name}: {entry['status']} ({entry['seconds']:.1f} s{limit}) "
                      f"{entry.get('summary', '')}", flush=True)
            self.report["finished"] = utc_now()
            self.report["seconds"] = round(time.monotonic() - start, 1)
            self.write_report()
        return 1 if any(p["status"] in ("failed", "timeout") for p in self.report["parts"]) else 0

    def write_report(self):
        self.report["derived"] = gpu_check_report.derive(self.report)
        write_atomically(self.out_dir / "report.json", json.dumps(self.report, indent=1) + "\n")
        write_atomically(self.out_dir / "report.md", gpu_check_report.markdown(self.report))


def write_atomically(path, text):
    """Writes text to path through a temporary file in the same folder: readers see the old or
    the new file, never half of one, also after a crash."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=path.name + ".",
                                     delete=False) as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(f.name, path)


def find_tool(name):
    """A CUDA tool on PATH or in the usual toolkit folders (compute-sanitizer is often off PATH)."""
    found = shutil.which(name)
    if found:
        return found
    roots = [os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"]
    for root in filter(None, roots):
        for candidate in (Path(root) / "bin" / name, Path(root) / name / name):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None


# ---- the parts -------------------------------------------------------------------------------

TORCH_PROBE = ("import json, torch; c = torch.cuda.is_available(); print(json.dumps({'version': torch.__version__, "
               "'cuda': torch.version.cuda, 'gpu': torch.cuda.get_device_name(0) if c else None, "
               "'capability': list(torch.cuda.get_device_capability(0)) if c else None}))")

LIBRARY_PROBE = ("import ctypes, json, sys; lib = ctypes.CDLL(sys.argv[1]); "
                 "lib.lf_build_info.restype = lib.lf_cpu_simd_level.restype = ctypes.c_char_p; "
                 "print(json.dumps({'version': lib.lf_version(), 'build_info': lib.lf_build_info().decode(), "
                 "'cpu_simd': lib.lf_cpu_simd_level().decode(), 'cuda_available': lib.lf_cuda_available()}))")


def last_json_line(outcome):
    for line in reversed(outcome.output.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def detect_gpu(check, deadline):
    """Sets check.gpu from nvidia-smi (the first GPU CUDA_VISIBLE_DEVICES leaves visible)."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    first = visible.split(",")[0].strip() if visible is not None else "0"
    if visible is not None and (first == "" or first.startswith("-")):
        check.gpu_reason = f"CUDA_VISIBLE_DEVICES={visible!r} hides every GPU"
        return
    smi = shutil.which("nvidia-smi")
    if smi is None:
        check.gpu_reason = "nvidia-smi not found (no NVIDIA driver on this machine)"
        return
    fields = ["name", "compute_cap", "driver_version", "memory.total", "clocks.sm", "clocks.max.sm", "pstate"]
    outcome = check.run([smi, f"--id={first}", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"],
                        min(deadline, time.monotonic() + 20))
    line = outcome.output.strip().splitlines()[0] if outcome.ok and outcome.output.strip() else ""
    values = [v.strip() for v in line.split(",")]
    if len(values) != len(fields):
        check.gpu_reason = f"nvidia-smi lists no usable GPU: {outcome.tail(3) or 'no output'}"
        return
    gpu = dict(zip(["name", "compute_capability", "driver", "memory_mib", "sm_clock_mhz", "sm_clock_max_mhz",
                    "pstate"], values))
    if not re.match(r"^\d+\.\d+$", gpu["compute_capability"]):
        check.gpu_reason = f"nvidia-smi gives no compute capability ({gpu['compute_capability']!r})"
        return
    gpu["arch"] = gpu["compute_capability"].replace(".", "")
    check.gpu = gpu


def environment(check, deadline):
    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]}
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        machine["memory_gib"] = round(int(match.group(1)) / (1 << 20), 1) if match else None
    commit = check.run(["git", "-C", REPO, "rev-parse", "--short=12", "HEAD"], min(deadline, time.monotonic() + 10))
    machine["commit"] = commit.output.strip() if commit.ok else "unknown (no git checkout)"
    tools = {}
    for name, version_flag in [("cmake", "--version"), ("ninja", "--version"), ("nvcc", "--version"),
                               ("compute-sanitizer", "--version")]:
        path = find_tool(name)
        if path is None:
            tools[name] = None
            continue
        outcome = check.run([path, version_flag], min(deadline, time.monotonic() + 15))
        lines = [line for line in outcome.output.splitlines() if line.strip()]
        version = next((line for line in lines if "release" in line or "ersion" in line), lines[0] if lines else "")
        tools[name] = {"path": path, "version": version.strip()}
    machine["tools"] = tools
    detect_gpu(check, deadline)
    machine["gpu"] = check.gpu
    machine["gpu_reason"] = None if check.gpu else check.gpu_reason
    # A first import of PyTorch on a fresh machine can outlast this part's share: up to 30 s more,
    # taken from the next parts' time, rather than running the baselines without it.
    probe = check.run([sys.executable, "-c", TORCH_PROBE], max(deadline, time.monotonic() + 30))
    check.torch = last_json_line(probe) if probe.ok else None
    check.torch_reason = "importable" if check.torch else f"not importable ({probe.tail(1) or probe.status()})"
    if check.torch and check.gpu is None and check.torch.get("capability"):
        # nvidia-smi gave no compute capability: PyTorch's names the architecture.
        major, minor = check.torch["capability"]
        check.gpu = {"name": check.torch["gpu"], "compute_capability": f"{major}.{minor}", "arch": f"{major}{minor}"}
        machine["gpu"], machine["gpu_reason"] = check.gpu, None
    machine["torch"] = check.torch or {"error": check.torch_reason}
    check.report["machine"] = machine
    gpu = f"{check.gpu['name']} (sm_{check.gpu['arch']})" if check.gpu else f"no GPU ({check.gpu_reason})"
    torch_text = f"torch {check.torch['version']}" if check.torch else f"torch {check.torch_reason}"
    missing = [name for name in ("cmake", "nvcc") if tools[name] is None]
    summary = f"{gpu}; {machine['cpus']} CPUs; {torch_text}" + (f"; missing: {', '.join(missing)}" if missing else "")
    return {"status": "ok", "summary": summary}


def build(check, deadline):
    cache = cmake_cache(check.build_dir)
    wanted = f"{check.gpu['arch']}-real" if check.gpu else None  # machine code for this GPU alone
    options = []
    if not cache:
        options += (["-G", "Ninja"] if shutil.which("ninja") else []) + ["-DCMAKE_BUILD_TYPE=Release",
                                                                         "-DLF_ENABLE_CUDA=ON"]
    elif wanted and cache.get("LF_ENABLE_CUDA", "").upper() not in ("ON", "1", "TRUE", "YES"):
        options += ["-DLF_ENABLE_CUDA=ON"]
    if wanted and cache.get("CMAKE_CUDA_ARCHITECTURES") != wanted:
        options += [f"-DCMAKE_CUDA_ARCHITECTURES={wanted}"]
    results = {"configured": bool(options), "reused_tree": bool(cache)}
    if options:
        configure = [shutil.which("cmake") or "cmake", "-S", REPO, "-B", check.build_dir] + options
        results["configure_command"] = [str(c) for c in configure]
        outcome = check.run(configure, deadline)
        if not outcome.ok:
            return {"status": outcome.status(), "summary": "CMake configure " + outcome.status(),
                    "error": outcome.tail(), "results": results}
    command = [shutil.which("cmake") or "cmake", "--build", check.build_dir, "--parallel", str(check.jobs)]
    results["build_command"] = [str(c) for c in command]
    outcome = check.run(command, deadline)
    results["build_seconds"] = round(outcome.seconds, 1)
    results["warnings"] = sum(1 for line in outcome.output.splitlines() if re.search(r"\bwarning\b", line, re.I))
    if not outcome.ok:
        errors = [line for line in outcome.output.splitlines() if re.search(r"\berror\b", line, re.I)]
        return {"status": outcome.status(), "summary": f"cmake --build {outcome.status()}",
                "error": "\n".join(errors[:30]) or outcome.tail(), "results": results}
    library = check.build_dir / "liblogoformer.so"
    probe = check.run([sys.executable, "-c", LIBRARY_PROBE, library], max(deadline, time.monotonic() + 15))
    check.library = last_json_line(probe) if probe.ok else None
    if check.library is None:
        return {"status": "failed", "summary": f"built, but {library} does not load", "error": probe.tail(),
                "results": results}
    results["library"] = dict(check.library, path=str(library))
    check.report["machine"]["build_info"] = check.library["build_info"]
    warnings = f", {results['warnings']} warning lines" if results["warnings"] else ""
    return {"status": "ok", "summary": f"{outcome.seconds:.0f} s{warnings}: {check.library['build_info']}",
            "results": results}


def cuda_tests(check, deadline):
    limit = int(max(1, deadline - time.monotonic()))
    outcome = check.run([shutil.which("ctest") or "ctest", "--test-dir", check.build_dir, "-L", "cuda", "-V",
                         "--no-tests=error", "--timeout", str(limit)], deadline)
    tests, cases, failures = parse_ctest(outcome.output)
    results = {"tests": tests, "cases": cases, "failures": failures[:80]}
    failed_cases = [f"{c['test']}/{c['name']}" for c in cases if not c["ok"]]
    counts = f"{sum(c['ok'] for c in cases)} of {len(cases)} cases passed in {len(tests)} tests"
    if outcome.timed_out:
        return {"status": "timeout", "summary": counts + " before the limit", "results": results,
                "error": outcome.tail()}
    if tests and all(t["status"] == "skipped" for t in tests):
        return {"status": "skipped", "summary": "every CUDA test skipped itself", "results": results,
                "error": outcome.tail(5)}
    if not outcome.ok or failed_cases or not tests:
        return {"status": "failed", "summary": counts + (f"; failed: {', '.join(failed_cases)}" if failed_cases else ""),
                "results": results, "error": "\n".join(failures[:40]) or outcome.tail()}
    return {"status": "ok", "summary": counts, "results": results}


def extended_sweep(check, deadline):
    test = check.build_dir / "native" / "tests" / "test_cuda_ops"
    outcome = check.run([test, "extended_random_sweep"], deadline, env={"LF_EXTENDED_TESTS": "1"})
    cases, failures, summary = parse_harness(outcome.output)
    results = {"failures": failures[:80], "summary_line": summary}
    if outcome.ok and cases and all(c["ok"] for c in cases):
        return {"status": "ok", "summary": "random shapes, layouts and dtypes of every op passed", "results": results}
    return {"status": outcome.status(), "summary": summary or outcome.status(), "results": results,
            "error": "\n".join(failures[:40]) or outcome.tail()}


def ceilings(check, deadline):
    records = check.scratch / "ceilings.jsonl"
    outcome = check.run([sys.executable, "-B", HERE / "device_ceilings.py", "--jsonl", records], deadline)
    values = {}
    for record in read_records(records):
        if record.get("record") == "ceiling":
            values[record["name"]] = record.get("gbps", record.get("tflops"))
    results = {"copy_gbps": values.get("copy"),
               "matmul_tflops": {k[len("matmul_"):]: v for k, v in values.items() if k.startswith("matmul_")}}
    if not outcome.ok or results["copy_gbps"] is None:
        return {"status": outcome.status() if not outcome.ok else "failed", "summary": "ceilings incomplete",
                "results": results, "error": outcome.tail()}
    bf16 = results["matmul_tflops"].get("bf16")
    return {"status": "ok", "results": results,
            "summary": f"copy {results['copy_gbps']:.0f} GB/s, bf16 matmul {bf16:.0f} TFLOP/s" if bf16 else
            f"copy {results['copy_gbps']:.0f} GB/s"}


def benchmarks(check, deadline):
    runs, rows, devices = [], [], []
    pending = [(op, dtype) for op in OPS for dtype in DTYPES]
    for index, (op, dtype) in enumerate(pending):
        # A fair share of what is left, so that one hung benchmark cannot starve the others.
        left = len(pending) - index
        share_deadline = time.monotonic() + max(5.0, 2 * (deadline - time.monotonic()) / left)
        records = check.scratch / f"bench_{op}_{dtype}.jsonl"
        outcome = check.run([check.build_dir / "benchmarks" / "cuda" / f"bench_{op}", dtype, "--jsonl", records],
                            min(deadline, share_deadline))
        found = read_records(records)
        devices += [dict(r, op=op, dtype=dtype) for r in found if r.get("record") == "device"]
        rows += [r for r in found if r.get("record") == "result"]
        run = {"op": op, "dtype": dtype, "status": outcome.status(), "seconds": round(outcome.seconds, 1)}
        if not outcome.ok:
            run["error"] = outcome.tail(10)
        runs.append(run)
        if time.monotonic() >= deadline:
            break
    not_run = [f"{op} {dtype}" for op, dtype in pending[len(runs):]]
    status = worst([r["status"] for r in runs] + (["timeout"] if not_run else []))
    results = {"runs": runs, "rows": rows, "devices": devices, "not_run": not_run}
    bad = [f"{r['op']} {r['dtype']}: {r['status']}" for r in runs if r["status"] != "ok"]
    summary = f"{len(rows)} timings from {len(runs)} runs" + (f"; {', '.join(bad)}" if bad else "") + (
        f"; not run: {', '.join(not_run)}" if not_run else "")
    result = {"status": status, "summary": summary, "results": results}
    if bad:
        result["error"] = "\n\n".join(f"{r['op']} {r['dtype']}:\n{r['error']}" for r in runs if "error" in r)
    return result


def baselines(check, deadline):
    records = check.scratch / "baselines.jsonl"
    cache = check.build_dir / "torch-compile-cache"
    command = [sys.executable, "-B", HERE / "baseline_sdpa.py", "--jsonl", records]
    for dtype in DTYPES:
        command += ["--dtype", dtype]
    outcome = check.run(command, deadline, env={"TORCHINDUCTOR_CACHE_DIR": str(cache / "inductor"),
                                                "TRITON_CACHE_DIR": str(cache / "triton")})
    found = read_records(records)
    rows = [r for r in found if r.get("record") == "baseline"]
    errors = [r for r in found if r.get("record") == "baseline_error"]
    results = {"rows": rows, "errors": errors}
    summary = f"{len(rows)} baseline timings" + (f", {len(errors)} baselines failed" if errors else "")
    if outcome.ok:
        return {"status": "ok", "summary": summary, "results": results}
    error = "\n".join(f"{e['baseline']} {e['shape']} {e['dtype']}: {e['error']}" for e in errors) or outcome.tail()
    return {"status": outcome.status(), "summary": summary, "results": results, "error": error}


def sanitizer(check, deadline):
    tool_path = find_tool("compute-sanitizer")
    if tool_path is None:
        return {"status": "skipped", "summary": "compute-sanitizer not found (PATH, CUDA_HOME, /usr/local/cuda)"}
    test = check.build_dir / "native" / "tests" / "test_cuda_ops"
    tools = []
    for index, (tool, weight) in enumerate(SANITIZER_TOOLS.items()):
        weights_left = sum(list(SANITIZER_TOOLS.values())[index:])
        tool_deadline = min(deadline, time.monotonic() + max(5.0, (deadline - time.monotonic()) * weight / weights_left))
        outcome = check.run([tool_path, "--tool", tool, "--error-exitcode", "86", "--print-limit", "20", test,
                             SMALL_CASE], tool_deadline)
        errors, line = parse_sanitizer(outcome.output)
        _, failures, test_summary = parse_harness(outcome.output)
        entry = {"tool": tool, "seconds": round(outcome.seconds, 1), "errors": errors, "summary_line": line,
                 "test_summary": test_summary}
        if SANITIZER_UNAVAILABLE.search(outcome.output) and errors is None:
            entry["status"] = "skipped"
            entry["error"] = outcome.tail(5)
        elif outcome.ok and errors == 0:
            entry["status"] = "ok"
        else:
            entry["status"] = outcome.status() if not outcome.ok else "failed"
            entry["error"] = outcome.tail(30)
        tools.append(entry)
    status = worst([t["status"] for t in tools])
    if all(t["status"] == "skipped" for t in tools):
        status = "skipped"
    text = ", ".join(f"{t['tool']} {t['status']}" + (f" ({t['errors']} errors)" if t["errors"] else "")
                     for t in tools)
    result = {"status": status, "summary": text, "results": {"tools": tools, "case": SMALL_CASE}}
    problems = [f"{t['tool']}:\n{t['error']}" for t in tools if "error" in t]
    if problems:
        result["error"] = "\n\n".join(problems)
    return result


def java(check, deadline):
    return {"status": "not_checked",
            "summary": "no Maven on the GPU machines and LibTorch's GPU jar is 458 MB: see 'Not checked here'"}


# Shares of the default 420 s: PyTorch's first import can take 10 s or more, a cold build of the
# 17 CUDA translation units for one architecture about a minute on 16 cores, FlexAttention's
# compiles most of the baselines' time.
PARTS = [
    Part("environment", 25, environment),
    Part("build", 115, build),
    Part("cuda_tests", 40, cuda_tests, ("gpu", "library")),
    Part("extended_sweep", 30, extended_sweep, ("gpu", "library")),
    Part("ceilings", 25, ceilings, ("gpu", "torch")),
    Part("benchmarks", 75, benchmarks, ("gpu", "library")),
    Part("baselines", 80, baselines, ("gpu", "torch")),
    Part("sanitizer", 30, sanitizer, ("gpu", "library")),
    Part("java", 0, java),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("out_dir", type=Path, help="folder for report.md, report.json and log.txt")
    parser.add_argument("--build-dir", type=Path, default=REPO / "build" / "gpu-check",
                        help="CMake build folder: configured when it has no CMakeCache.txt, else built "
                             "incrementally (reconfigured only for a GPU of another architecture)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S,
                        help=f"seconds for the whole check, shared by the parts (default {DEFAULT_BUDGET_S})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel build jobs")
    args = parser.parse_args(argv)
    if args.budget <= 0:
        parser.error(f"--budget: expected seconds > 0, got {args.budget}")
    out_dir, build_dir = args.out_dir.resolve(), args.build_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        parser.error(f"{out_dir}: exists and is not a folder")
    check = Check(out_dir, build_dir, args.budget, args.jobs)
    status = check.run_parts(PARTS)
    print(gpu_check_report.summary(check.report), flush=True)
    print(f"[gpu-check] report: {out_dir / 'report.md'} and report.json; commands and output: log.txt")
    return status


if __name__ == "__main__":
    sys.exit(main())
