#!/usr/bin/env python3
"""Tests of gpu_check.py that run without a GPU (ctest: gpu_check_without_gpu), so that the one-command
GPU check cannot rot between the rare GPU machines:

  * the whole check on this build tree with every GPU hidden (CUDA_VISIBLE_DEVICES=-1): it builds
    (incrementally), skips the GPU parts naming why, reports the Java path as not checked, and writes
    report.md, report.json and log.txt;
  * a broken build tree fails the build part only, and the report is still written;
  * a command past its deadline is killed with its children; a part that fails or crashes is reported
    and the next part runs; unused time passes to the next part;
  * the parsers on the output the real tools print, and the report of a full GPU run (a fixture with
    the shape of gpu_check's results) with its roofline fractions and baseline ratios.

Usage: python3 benchmarks/cuda/test_gpu_check.py --build-dir BUILD_TREE [unittest options]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gpu_check  # noqa: E402
import gpu_check_report  # noqa: E402

BUILD_DIR = None  # set by main() from --build-dir
GPU_PARTS = ["cuda_tests", "extended_sweep", "ceilings", "benchmarks", "baselines", "sanitizer"]


def run_check(out_dir, build_dir, *extra):
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="-1", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-B", str(HERE / "gpu_check.py"), str(out_dir), "--build-dir", str(build_dir),
                           *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=600)


class WithoutAGpu(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR)
        cls.out = Path(cls.scratch.name) / "out"
        cls.started = time.monotonic()
        cls.process = run_check(cls.out, BUILD_DIR)
        cls.seconds = time.monotonic() - cls.started
        cls.report = json.loads((cls.out / "report.json").read_text())
        cls.parts = {p["name"]: p for p in cls.report["parts"]}

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_exits_zero_and_writes_only_the_report_and_the_log(self):
        self.assertEqual(self.process.returncode, 0, self.process.stdout)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()), ["log.txt", "report.json", "report.md"])
        self.assertEqual(self.report["format"], gpu_check.FORMAT)
        self.assertIsNotNone(self.report["finished"])

    def test_runs_every_part_in_order(self):
        self.assertEqual([p["name"] for p in self.report["parts"]], [p.name for p in gpu_check.PARTS])
        for part in self.report["parts"]:
            self.assertIn(part["status"], gpu_check.STATUSES, part)
            self.assertIn("summary", part)

    def test_every_gpu_part_is_skipped_naming_the_missing_gpu(self):
        for name in GPU_PARTS:
            self.assertEqual(self.parts[name]["status"], "skipped", self.parts[name])
            self.assertIn("CUDA_VISIBLE_DEVICES='-1' hides every GPU", self.parts[name]["summary"])

    def test_builds_the_given_tree_and_reads_the_library_through_its_c_abi(self):
        build = self.parts["build"]
        self.assertEqual(build["status"], "ok", build)
        library = build["results"]["library"]
        self.assertIn("logoformer ", library["build_info"])
        self.assertEqual(library["cuda_available"], 0)
        self.assertTrue(build["results"]["reused_tree"])

    def test_the_machine_and_the_java_path_are_described(self):
        self.assertEqual(self.parts["environment"]["status"], "ok")
        self.assertIsNone(self.report["machine"]["gpu"])
        self.assertEqual(self.parts["java"]["status"], "not_checked")
        self.assertIn("458 MB", self.parts["java"]["summary"])
        self.assertIn("458 MB", self.report["java"])

    def test_the_markdown_report_has_a_row_per_part_and_the_java_note(self):
        text = (self.out / "report.md").read_text()
        for part in gpu_check.PARTS:
            self.assertIn(f"| {part.name} | ", text)
        self.assertIn("## Not checked here", text)
        self.assertIn(self.report["java"], text)

    def test_the_log_holds_every_command_run(self):
        log = (self.out / "log.txt").read_text()
        self.assertIn("--build", log)
        self.assertIn("[exit 0,", log)

    def test_finishes_in_seconds_when_the_tree_is_built(self):
        self.assertLess(self.seconds, 240, "an up-to-date tree should only be checked, not rebuilt")


class BrokenBuild(unittest.TestCase):
    def test_a_broken_build_tree_fails_the_build_part_only_and_the_report_is_still_written(self):
        with tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR) as scratch:
            build_dir = Path(scratch) / "tree"
            build_dir.mkdir()
            (build_dir / "CMakeCache.txt").write_text("this is not a CMake cache\n")
            process = run_check(Path(scratch) / "out", build_dir)
            self.assertEqual(process.returncode, 1, process.stdout)
            report = json.loads((Path(scratch) / "out" / "report.json").read_text())
            parts = {p["name"]: p for p in report["parts"]}
            self.assertEqual(parts["build"]["status"], "failed")
            self.assertRegex(parts["build"]["summary"], r"^(CMake configure|cmake --build) failed")
            self.assertIn("benchmarks", parts)
            self.assertEqual(parts["java"]["status"], "not_checked")
            self.assertIn("### build (failed)", (Path(scratch) / "out" / "report.md").read_text())


class Budgets(unittest.TestCase):
    def test_a_command_past_its_deadline_is_killed_with_its_children(self):
        started = time.monotonic()
        outcome = gpu_check.run_command(["bash", "-c", "sleep 60 & sleep 60; echo never"], time.monotonic() + 1)
        self.assertTrue(outcome.timed_out)
        self.assertEqual(outcome.status(), "timeout")
        self.assertLess(time.monotonic() - started, 20)
        self.assertNotIn("never", outcome.output)

    def test_a_missing_program_is_a_failed_command_not_a_crash(self):
        outcome = gpu_check.run_command(["/nonexistent/tool"], time.monotonic() + 5)
        self.assertEqual(outcome.status(), "failed")
        self.assertIn("cannot run /nonexistent/tool", outcome.output)

    def test_failing_and_crashing_parts_are_reported_and_the_next_parts_run(self):
        def fails(check, deadline):
            outcome = check.run(["bash", "-c", "echo broken >&2; exit 3"], deadline)
            return {"status": outcome.status(), "summary": "exit 3", "error": outcome.tail()}

        def crashes(check, deadline):
            raise RuntimeError("a bug in a part")

        def sleeps(check, deadline):
            outcome = check.run(["sleep", "60"], deadline)
            return {"status": outcome.status(), "summary": f"{outcome.seconds:.0f} s"}

        def fine(check, deadline):
            return {"status": "ok", "summary": "fine", "results": {"left_s": deadline - time.monotonic()}}

        parts = [gpu_check.Part("fails", 1, fails), gpu_check.Part("crashes", 1, crashes),
                 gpu_check.Part("sleeps", 1, sleeps), gpu_check.Part("fine", 1, fine)]
        with tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR) as scratch:
            check = gpu_check.Check(Path(scratch) / "out", Path(scratch) / "build", 8, 1)
            self.assertEqual(check.run_parts(parts), 1)
            got = {p["name"]: p for p in check.report["parts"]}
            self.assertEqual([got[n]["status"] for n in ("fails", "crashes", "sleeps", "fine")],
                             ["failed", "failed", "timeout", "ok"])
            self.assertIn("broken", got["fails"]["error"])
            self.assertIn("RuntimeError: a bug in a part", got["crashes"]["error"])
            self.assertLess(got["sleeps"]["seconds"], 8)
            self.assertGreater(got["fine"]["limit_s"], 1)  # its own 2 s share
            markdown = (Path(scratch) / "out" / "report.md").read_text()
            self.assertIn("| crashes | failed |", markdown)

    def test_time_a_part_leaves_unused_passes_to_the_next(self):
        def quick(check, deadline):
            return {"status": "ok", "summary": ""}

        def measures(check, deadline):
            return {"status": "ok", "summary": "", "results": {"left_s": deadline - time.monotonic()}}

        with tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR) as scratch:
            check = gpu_check.Check(Path(scratch) / "out", Path(scratch) / "build", 40, 1)
            check.run_parts([gpu_check.Part("quick", 30, quick), gpu_check.Part("measures", 10, measures)])
            self.assertLess(check.report["parts"][1]["results"]["left_s"], 20.5)
            self.assertGreater(check.report["parts"][1]["results"]["left_s"], 19)  # twice its share


CTEST_OUTPUT = """\
UpdateCTestConfiguration  from :/b/DartConfiguration.tcl
test 17
    Start 17: cuda_ops

17: Test command: /b/native/tests/test_cuda_ops
17: Test timeout computed to be: 40
17: [  OK  ] window_attention_matches_reference_and_cpu
17:   /src/native/tests/test_cuda_ops.cpp:120: CHECK(error <= bound) failed: cross bfloat16 D72 out: relative error nan > 0.01
17: [ FAIL ] cross_attention_matches_reference_and_cpu
17: 1 passed, 1 failed
1/2 Test #17: cuda_ops .........................***Failed    3.21 sec
test 18
    Start 18: cuda_dispatch

18: Test command: /b/native/tests/test_cuda_dispatch
18: skipped: lf_cuda_available() = 0 (no usable GPU or driver); logoformer 0.2.0
2/2 Test #18: cuda_dispatch ....................***Skipped   0.02 sec

50% tests passed, 1 tests failed out of 2
"""


class Parsers(unittest.TestCase):
    def test_ctest_verbose_output_gives_tests_cases_and_failures(self):
        tests, cases, failures = gpu_check.parse_ctest(CTEST_OUTPUT)
        self.assertEqual([(t["name"], t["status"], t["seconds"]) for t in tests],
                         [("cuda_ops", "failed", 3.21), ("cuda_dispatch", "skipped", 0.02)])
        self.assertEqual([(c["test"], c["name"], c["ok"]) for c in cases],
                         [("cuda_ops", "window_attention_matches_reference_and_cpu", True),
                          ("cuda_ops", "cross_attention_matches_reference_and_cpu", False)])
        self.assertEqual(len(failures), 1)
        self.assertIn("cuda_ops: /src/native/tests/test_cuda_ops.cpp:120: CHECK(error <= bound)", failures[0])

    def test_harness_output_gives_cases_failures_and_the_count(self):
        cases, failures, summary = gpu_check.parse_harness(
            "  a.cpp:3: CHECK(x) failed: d_q: relative error 0.5 > 0.01\n  cudaMalloc: out of memory\n"
            "[ FAIL ] extended_random_sweep\n0 passed, 1 failed\n")
        self.assertEqual(cases, [{"name": "extended_random_sweep", "ok": False}])
        self.assertEqual(len(failures), 2)
        self.assertEqual(summary, "0 passed, 1 failed")

    def test_sanitizer_summaries_of_each_tool(self):
        self.assertEqual(gpu_check.parse_sanitizer("========= ERROR SUMMARY: 0 errors\n"),
                         (0, "ERROR SUMMARY: 0 errors"))
        self.assertEqual(gpu_check.parse_sanitizer("========= ERROR SUMMARY: 1 error\n")[0], 1)
        self.assertEqual(gpu_check.parse_sanitizer(
            "========= RACECHECK SUMMARY: 3 hazards displayed (2 errors, 1 warning)\n")[0], 2)
        self.assertEqual(gpu_check.parse_sanitizer("no summary\n"), (None, ""))
        self.assertIsNotNone(gpu_check.SANITIZER_UNAVAILABLE.search("========= Error: Device not supported"))

    def test_the_cmake_cache_is_read_by_name(self):
        with tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR) as scratch:
            (Path(scratch) / "CMakeCache.txt").write_text(
                "// comment\nCMAKE_CUDA_ARCHITECTURES:STRING=90-real\nLF_ENABLE_CUDA:BOOL=ON\n")
            self.assertEqual(gpu_check.cmake_cache(Path(scratch)),
                             {"CMAKE_CUDA_ARCHITECTURES": "90-real", "LF_ENABLE_CUDA": "ON"})


class CannedCheck(gpu_check.Check):
    """A Check on a make-believe GPU machine: each command is answered by `respond(command)`, which
    may write the records file the command was given and returns (exit code, output)."""

    def __init__(self, scratch, respond):
        super().__init__(Path(scratch) / "out", Path(scratch) / "build", 420, 16)
        self.respond, self.commands = respond, []
        self.gpu = {"name": "NVIDIA H200", "compute_capability": "9.0", "arch": "90"}
        self.torch = {"version": "2.11.0", "gpu": "NVIDIA H200"}
        self.library = {"build_info": "logoformer 0.2.0; cuda: sm_90 (runtime 13.0, static)", "cuda_available": 1}
        self.report["parts"].append({"name": "build", "status": "ok"})

    def run(self, command, deadline, **kwargs):
        command = [str(c) for c in command]
        self.commands.append(command)
        rc, output = self.respond(command, kwargs.get("env") or {})
        return gpu_check.Outcome(command, rc, 0.1, output, rc is None)


def records_file(command):
    return Path(command[command.index("--jsonl") + 1])


def append(path, *records):
    with open(path, "a") as f:
        for record in records:
            f.write(json.dumps(record) + "\n")


def gpu_machine(command, env):
    """Answers of the real tools in their real formats (numbers made up)."""
    name = Path(command[0]).name
    if name == "ctest":
        return 0, CTEST_OUTPUT.replace("***Failed", "   Passed").replace("[ FAIL ]", "[  OK  ]").replace(
            "17:   /src", "17: ").replace("***Skipped", "   Passed")
    if name == "test_cuda_ops":
        assert env.get("LF_EXTENDED_TESTS") == "1" and command[1:] == ["extended_random_sweep"]
        return 0, "[  OK  ] extended_random_sweep\n1 passed, 0 failed\n"
    if command[2:3] and command[2].endswith("device_ceilings.py"):
        append(records_file(command), {"record": "ceiling", "name": "copy", "gbps": 4300.0},
               {"record": "ceiling", "name": "matmul_bf16", "tflops": 790.0})
        return 0, ""
    if command[2:3] and command[2].endswith("baseline_sdpa.py"):
        append(records_file(command), {"record": "baseline", "baseline": "sdpa+partition",
                                       "shape": "B32 16x7x7+1 w2x7x7 8x64", "dtype": "bf16", "forward_ms": 0.3,
                                       "forward_backward_ms": 1.0},
               {"record": "baseline_error", "baseline": "flex+blockmask", "shape": "B32 16x7x7+1 w2x7x7 8x64",
                "dtype": "f32", "error": "BackendCompilerFailed: triton"})
        return 1, "flex+blockmask failed\n"
    if name.startswith("bench_"):
        op, dtype = name[len("bench_"):], command[1]
        if (op, dtype) == ("cross_attention", "f16"):
            return 1, "lf_cross_attention_fwd: LF_ERROR_DEVICE: CUDA error in attention forward kernel\n"
        append(records_file(command), {"record": "device", "copy_gbps": 4200.0, "fma_gflops": 60000.0},
               {"record": "result", "op": op + "_fwd", "shape": "B32 16x7x7+1 w2x7x7 8x64", "dtype": dtype,
                "ms": 0.25, "bytes": 1.0e8, "flops": 5.0e9})
        return 0, ""
    if name == "compute-sanitizer":
        tool = command[command.index("--tool") + 1]
        return {"memcheck": (0, "[  OK  ] every_op_in_every_dtype_on_a_small_case\n1 passed, 0 failed\n"
                                "========= ERROR SUMMARY: 0 errors\n"),
                "racecheck": (86, "========= Error: Race reported between Write access ... and Read access\n"
                                  "========= RACECHECK SUMMARY: 1 hazard displayed (1 error, 0 warnings)\n"),
                "synccheck": (1, "========= Error: Device not supported\n"),
                "initcheck": (None, "")}[tool]
    raise AssertionError(f"unexpected command {command}")


class GpuPartsOnCannedOutput(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory(prefix="gpu-check-test-", dir=BUILD_DIR)
        self.original_find_tool = gpu_check.find_tool
        gpu_check.find_tool = lambda name: "/cuda/bin/" + name

    def tearDown(self):
        gpu_check.find_tool = self.original_find_tool
        self.scratch.cleanup()

    def run_gpu_parts(self):
        check = CannedCheck(self.scratch.name, gpu_machine)
        gpu_parts = [p for p in gpu_check.PARTS if p.name in GPU_PARTS]
        self.assertEqual(check.run_parts(gpu_parts), 1)
        return check, {p["name"]: p for p in check.report["parts"]}

    def test_each_gpu_part_runs_its_tools_and_reads_their_answers(self):
        check, parts = self.run_gpu_parts()
        self.assertEqual(parts["cuda_tests"]["status"], "ok", parts["cuda_tests"])
        self.assertEqual(parts["cuda_tests"]["summary"], "2 of 2 cases passed in 2 tests")
        self.assertEqual(parts["extended_sweep"]["status"], "ok")
        self.assertEqual(parts["ceilings"]["results"]["copy_gbps"], 4300.0)
        self.assertEqual(parts["ceilings"]["summary"], "copy 4300 GB/s, bf16 matmul 790 TFLOP/s")

    def test_a_failing_benchmark_is_reported_and_the_others_still_run(self):
        check, parts = self.run_gpu_parts()
        bench = parts["benchmarks"]
        self.assertEqual(bench["status"], "failed")
        self.assertEqual(len(bench["results"]["runs"]), len(gpu_check.OPS) * len(gpu_check.DTYPES))
        self.assertEqual(len(bench["results"]["rows"]), len(gpu_check.OPS) * len(gpu_check.DTYPES) - 1)
        self.assertIn("cross_attention f16: failed", bench["summary"])
        self.assertIn("LF_ERROR_DEVICE", bench["error"])
        ran = [c for c in check.commands if Path(c[0]).name.startswith("bench_")]
        self.assertEqual([Path(c[0]).name + " " + c[1] for c in ran[:3]],
                         ["bench_window_attention bf16", "bench_window_attention f16", "bench_window_attention f32"])

    def test_baselines_keep_their_timings_when_one_fails(self):
        check, parts = self.run_gpu_parts()
        baselines = parts["baselines"]
        self.assertEqual(baselines["status"], "failed")
        self.assertEqual(len(baselines["results"]["rows"]), 1)
        self.assertIn("flex+blockmask B32 16x7x7+1 w2x7x7 8x64 f32: BackendCompilerFailed", baselines["error"])
        command = next(c for c in check.commands if c[2:3] and c[2].endswith("baseline_sdpa.py"))
        self.assertEqual(command[-6:], ["--dtype", "bf16", "--dtype", "f16", "--dtype", "f32"])
        comparison = check.report["derived"]["comparisons"][0]
        self.assertAlmostEqual(comparison["speedup"], 0.3 / 0.25)

    def test_each_sanitizer_tool_gets_its_own_status(self):
        check, parts = self.run_gpu_parts()
        tools = {t["tool"]: t for t in parts["sanitizer"]["results"]["tools"]}
        self.assertEqual({name: t["status"] for name, t in tools.items()},
                         {"memcheck": "ok", "racecheck": "failed", "synccheck": "skipped", "initcheck": "timeout"})
        self.assertEqual(tools["racecheck"]["errors"], 1)
        self.assertEqual(parts["sanitizer"]["status"], "failed")
        command = next(c for c in check.commands if Path(c[0]).name == "compute-sanitizer")
        self.assertEqual(command[-1], gpu_check.SMALL_CASE)

    def test_the_report_of_the_canned_run_renders(self):
        check, parts = self.run_gpu_parts()
        text = (Path(self.scratch.name) / "out" / "report.md").read_text()
        self.assertIn("| window_attention_fwd | B32 16x7x7+1 w2x7x7 8x64 | bf16 | 0.25 | 400 |", text)
        self.assertIn("### sanitizer (failed)", text)


def gpu_run_fixture():
    """A report with the shape gpu_check gives on a GPU machine; the numbers are made up."""
    shape = "B32 16x7x7+1 w2x7x7 8x64"
    return {
        "format": gpu_check.FORMAT, "started": "2026-12-01T10:00:00Z", "finished": "2026-12-01T10:06:00Z",
        "seconds": 360.0, "budget_s": 420, "java": gpu_check.JAVA_NOTE,
        "machine": {"gpu": {"name": "NVIDIA H200", "compute_capability": "9.0", "arch": "90", "driver": "580.1",
                            "memory_mib": "143771", "sm_clock_mhz": "345", "sm_clock_max_mhz": "1980",
                            "pstate": "P0"},
                    "cpus": 16, "tools": {"cmake": {"version": "cmake version 3.28"}, "nvcc": None},
                    "torch": {"version": "2.11.0", "cuda": "13.0", "gpu": "NVIDIA H200"}},
        "parts": [
            {"name": "ceilings", "status": "ok", "seconds": 9.0, "limit_s": 25, "summary": "",
             "results": {"copy_gbps": 4000.0, "matmul_tflops": {"bf16": 800.0, "f16": 800.0, "f32": 50.0}}},
            {"name": "benchmarks", "status": "ok", "seconds": 60.0, "limit_s": 75, "summary": "",
             "results": {"devices": [{"copy_gbps": 3900.0, "fma_gflops": 60000.0}],
                         "rows": [{"op": "window_attention_fwd", "shape": shape, "dtype": "bf16", "ms": 0.2,
                                   "bytes": 4.0e8, "flops": 8.0e9},
                                  {"op": "window_attention_bwd", "shape": shape, "dtype": "bf16", "ms": 0.6,
                                   "bytes": 8.0e8, "flops": 2.0e10},
                                  {"op": "compact_loss_fwd+grad", "shape": "B32 C7", "dtype": "bf16", "ms": 0.01,
                                   "bytes": 1000.0, "flops": 0.0}]}},
            {"name": "baselines", "status": "ok", "seconds": 70.0, "limit_s": 80, "summary": "",
             "results": {"rows": [{"baseline": "sdpa+partition", "shape": shape, "dtype": "bf16",
                                   "forward_ms": 0.4, "forward_backward_ms": 1.6}], "errors": []}},
            {"name": "sanitizer", "status": "failed", "seconds": 30.0, "limit_s": 35, "summary": "",
             "error": "racecheck:\n2 errors",
             "results": {"case": gpu_check.SMALL_CASE,
                         "tools": [{"tool": "memcheck", "status": "ok", "errors": 0, "seconds": 10.0,
                                    "summary_line": "ERROR SUMMARY: 0 errors"},
                                   {"tool": "racecheck", "status": "failed", "errors": 2, "seconds": 20.0,
                                    "summary_line": "RACECHECK SUMMARY: 2 hazards displayed (2 errors, 0 warnings)"}]}},
        ],
    }


class ReportOfAGpuRun(unittest.TestCase):
    def setUp(self):
        self.report = gpu_run_fixture()
        self.derived = gpu_check_report.derive(self.report)

    def test_each_benchmark_is_placed_against_the_measured_ceilings(self):
        forward = self.derived["benchmarks"][0]
        self.assertAlmostEqual(forward["gbps"], 2000.0)  # 4e8 bytes in 0.2 ms
        self.assertAlmostEqual(forward["copy_fraction"], 0.5)
        self.assertAlmostEqual(forward["tflops"], 40.0)
        self.assertAlmostEqual(forward["fma_fraction"], 40.0 / 60.0)
        self.assertAlmostEqual(forward["matmul_fraction"], 0.05)
        self.assertAlmostEqual(forward["floor_ms"], 0.1)  # bytes / copy: 1e-4 s; flops / bf16 rate: 1e-5 s
        loss = self.derived["benchmarks"][2]
        self.assertIsNone(loss["tflops"])
        self.assertIsNone(loss["matmul_fraction"])

    def test_the_baselines_are_divided_by_the_fused_times(self):
        by_direction = {c["direction"]: c for c in self.derived["comparisons"]}
        self.assertAlmostEqual(by_direction["forward"]["speedup"], 2.0)
        self.assertAlmostEqual(by_direction["forward+backward"]["fused_ms"], 0.8)
        self.assertAlmostEqual(by_direction["forward+backward"]["speedup"], 2.0)
        self.assertAlmostEqual(by_direction["forward"]["baseline_tflops"], 20.0)  # 8e9 FLOP in 0.4 ms
        self.assertAlmostEqual(by_direction["forward+backward"]["baseline_tflops"], 17.5)  # 2.8e10 in 1.6 ms

    def test_the_harness_copy_is_the_ceiling_when_pytorch_measured_none(self):
        self.report["parts"] = self.report["parts"][1:]
        derived = gpu_check_report.derive(self.report)
        self.assertEqual(derived["copy_gbps"], 3900.0)
        self.assertEqual(derived["copy_source"], "bench harness cudaMemcpy")
        self.assertIsNone(derived["benchmarks"][0]["matmul_fraction"])

    def test_the_markdown_has_every_section_of_a_gpu_run(self):
        text = gpu_check_report.markdown(self.report)
        for heading in ["## Machine", "## Parts", "## Ceilings (measured here)", "## CUDA benchmarks",
                        "## Window attention against PyTorch", "## compute-sanitizer", "## Errors",
                        "## Not checked here"]:
            self.assertIn(heading, text)
        self.assertIn("NVIDIA H200, compute capability 9.0 (sm_90)", text)
        self.assertIn("| window_attention_fwd | B32 16x7x7+1 w2x7x7 8x64 | bf16 | 0.2 | 2000 | 50% | 40 | 67% | 5% |",
                      text)
        self.assertIn("| B32 16x7x7+1 w2x7x7 8x64 | bf16 | forward | sdpa+partition | 0.2 | 0.4 | 2 | 20 |", text)
        self.assertIn("| racecheck | failed | 2 |", text)
        self.assertIn("nvcc: not found", text)

    def test_the_terminal_summary_shows_the_parts_and_the_comparison(self):
        text = gpu_check_report.summary(self.report)
        self.assertIn("| sanitizer | failed |", text)
        self.assertIn("| forward+backward | sdpa+partition |", text)


def main():
    global BUILD_DIR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", type=Path, required=True,
                        help="a configured and built CMake tree of this repository (the one ctest runs in)")
    args, rest = parser.parse_known_args()
    BUILD_DIR = args.build_dir.resolve()
    if not (BUILD_DIR / "CMakeCache.txt").exists():
        parser.error(f"--build-dir {BUILD_DIR}: expected a configured CMake build tree (no CMakeCache.txt)")
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
