"""The benchmark scripts still run, at a tiny size (their timings are not checked)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

pytestmark = pytest.mark.reference


def _run_bench_coba(tmp_path, engines, sizes="200,400"):
    out = tmp_path / "bench_coba.json"
    command = [
        sys.executable,
        str(BENCHMARKS / "bench_coba.py"),
        "--n-neurons",
        "200",
        "--duration",
        "20",
        "--sizes",
        sizes,
        "--engines",
        engines,
        "--no-cold-jit",
        "--out",
        str(out),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "COBA fixed_in_degree" in completed.stdout
    return json.loads(out.read_text())


def _errors(report):
    results = [*report["coba_fixed_in_degree"].values(), *report["coba_adex"].values()]
    for row in report.get("scaling", []):
        results += [value for key, value in row.items() if key != "n_neurons"]
    return [result["error"] for result in results if "error" in result]


def test_bench_coba_runs_adexlab_and_nest(tmp_path):
    report = _run_bench_coba(tmp_path, "adexlab,nest")
    assert _errors(report) == []
    assert report["coba_fixed_in_degree"]["adexlab"]["loop_s"] > 0
    assert report["adexlab_bytes_per_static_synapse"][0][1] > 0


@pytest.mark.slow
def test_bench_coba_runs_brian2(tmp_path):
    """Brian2 C++ standalone and Cython modes (compiles C++: about a minute).

    No scaling run: it uses the same worker as the comparison.
    """
    report = _run_bench_coba(tmp_path, "brian2_standalone,brian2_cython", sizes="")
    assert _errors(report) == []
