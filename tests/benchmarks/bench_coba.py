"""Speed of the COBA benchmark: adexlab against Brian2 and NEST, side by side.

Runs, each in a fresh process (SCIENCE.md 1.2, robust variant: fixed in-degree 80
with replacement and a 0.2 nA bias; the AdEx variant with Brette-Gerstner neurons):

1. COBA, N neurons (default 4000), 1 s of biological time, dt 0.1 ms, on adexlab
   (PyNN script, build, cold JIT, cached JIT, warm loop), Brian2 C++ standalone
   (build + compile, loop), Brian2 Cython runtime mode and NEST single-threaded;
2. the AdEx variant on the same engines;
3. a scaling run at fixed in-degree 80 over 1k-64k neurons (adexlab and Brian2
   standalone; NEST up to --nest-max neurons);
4. adexlab's memory per static synapse.

It prints a table with ratios to adexlab's warm loop and writes all numbers as JSON
to --out. Usage::

    python tests/benchmarks/bench_coba.py [--out results/bench_coba.json]

Not collected by pytest (name bench_*); tests/reference/test_benchmark_smoke.py runs
it at a tiny size.
"""

import argparse
import json
import logging
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

logger = logging.getLogger("bench_coba")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import coba_engines  # noqa: E402

DEFAULT_SIZES = [1000, 2000, 4000, 8000, 16000, 32000, 64000]
#: A worker that runs longer than this is stopped and reported as timed out, in s.
WORKER_TIMEOUT = 1800


def _run_worker(engine, environment=None, **kwargs):
    """Run one engine measurement in a fresh Python process; return its dict."""
    spec = json.dumps({"engine": engine, "kwargs": kwargs})
    logger.info("%s %s ...", engine, kwargs)
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--worker", spec],
            capture_output=True,
            text=True,
            env=environment,
            timeout=WORKER_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        logger.warning("%s timed out after %d s", engine, WORKER_TIMEOUT)
        return {"error": f"timed out after {WORKER_TIMEOUT} s"}
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        tail = completed.stderr.strip().splitlines()[-5:]
        logger.warning("%s failed: %s", engine, " | ".join(tail))
        return {"error": " | ".join(tail) or f"exit code {completed.returncode}"}
    result = json.loads(lines[-1])
    result["wall_s"] = time.perf_counter() - started
    logger.info("%s done in %.1f s: %s", engine, result["wall_s"], _brief(result))
    return result


def _brief(result):
    return ", ".join(
        f"{key} {value:.3g}"
        for key, value in result.items()
        if isinstance(value, float)
    )


def _worker(spec):
    spec = json.loads(spec)
    result = coba_engines.ENGINES[spec["engine"]](**spec["kwargs"])
    print(json.dumps(result))


def measure_adexlab(n_neurons, duration, variant, cold_jit=True):
    """Cold JIT (empty numba cache), then cached JIT and warm loop (cache filled).

    With ``cold_jit`` false the numba cache is the user's and only the second
    measurement is made.
    """
    environment = None
    if cold_jit:
        cache = coba_engines.fresh_numba_cache()
        environment = coba_engines.environment_with(NUMBA_CACHE_DIR=cache)
    kwargs = {"n_neurons": n_neurons, "duration": duration, "variant": variant}
    cold = _run_worker("adexlab", environment, **kwargs) if cold_jit else {}
    cached = _run_worker("adexlab", environment, **kwargs)
    if "error" in cold or "error" in cached:
        return {"error": cold.get("error") or cached.get("error")}
    return {**cached, "cold_jit_s": cold.get("jit_s"), "cached_jit_s": cached["jit_s"]}


def compare(engines, n_neurons, duration, variant, brian2_dir, cold_jit=True):
    """Measure every engine on one network; return engine -> result dict."""
    results = {}
    for engine in engines:
        kwargs = {"n_neurons": n_neurons, "duration": duration, "variant": variant}
        if engine == "adexlab":
            results[engine] = measure_adexlab(**kwargs, cold_jit=cold_jit)
        elif engine == "brian2_standalone":
            directory = str(Path(brian2_dir) / variant)
            results[engine] = _run_worker(engine, directory=directory, **kwargs)
        else:
            results[engine] = _run_worker(engine, **kwargs)
    return results


def scaling(engines, sizes, duration, nest_max, brian2_dir):
    """Loop and build times over network sizes at fixed in-degree."""
    rows = []
    for n_neurons in sizes:
        row = {"n_neurons": n_neurons}
        for engine in engines:
            if engine == "nest" and n_neurons > nest_max:
                continue
            kwargs = {"n_neurons": n_neurons, "duration": duration}
            if engine == "adexlab":
                result = _run_worker("adexlab", **kwargs)
            elif engine == "brian2_standalone":
                # One directory: only the code that depends on N is compiled again.
                directory = str(Path(brian2_dir) / "scaling")
                result = _run_worker(engine, directory=directory, **kwargs)
            else:
                result = _run_worker(engine, **kwargs)
            row[engine] = result
        rows.append(row)
    return rows


def _cell(result, key):
    value = result.get(key) if result else None
    return f"{value:8.3f}" if isinstance(value, (int, float)) else f"{'-':>8}"


def format_comparison(title, results):
    """A text table of one comparison, with loop-time ratios to adexlab."""
    reference = results.get("adexlab", {}).get("loop_s")
    lines = [
        title,
        f"{'engine':<18} {'build s':>8} {'JIT s':>8} {'cachedJ':>8} {'loop s':>8} "
        f"{'ratio':>8} {'rate Hz':>8}",
    ]
    for engine, result in results.items():
        if "error" in result:
            lines.append(f"{engine:<18} failed: {result['error'][:60]}")
            continue
        # Brian2 compiles while building (its build column includes compilation).
        jit = result.get("cold_jit_s")
        ratio = result["loop_s"] / reference if reference else None
        lines.append(
            f"{engine:<18} {_cell(result, 'build_s')} {_cell({'j': jit}, 'j')} "
            f"{_cell(result, 'cached_jit_s')} {_cell(result, 'loop_s')} "
            f"{_cell({'r': ratio}, 'r')} {_cell(result, 'rate_hz')}"
        )
    ours = results.get("adexlab", {})
    if "build_s" in ours and "cached_jit_s" in ours:
        lines.append(
            f"adexlab ready to run: PyNN script {ours['script_s']:.2f} s + build "
            f"{ours['build_s']:.2f} s + cached JIT {ours['cached_jit_s']:.2f} s"
        )
    lines.append("ratio = loop time / adexlab's warm loop time (min of repeats)")
    return "\n".join(lines)


def format_scaling(rows, engines):
    """A text table of loop times (s) over sizes, with ratios to adexlab."""
    header = f"{'N':>7} " + " ".join(f"{e + ' loop':>22}" for e in engines)
    lines = ["Scaling, fixed in-degree 80 (loop s, ratio to adexlab)", header]
    for row in rows:
        reference = row.get("adexlab", {}).get("loop_s")
        cells = []
        for engine in engines:
            loop = row.get(engine, {}).get("loop_s")
            if loop is None:
                cells.append(f"{'-':>22}")
                continue
            ratio = f"x{loop / reference:.2f}" if reference else ""
            cells.append(f"{loop:>13.3f} {ratio:>8}")
        lines.append(f"{row['n_neurons']:>7} " + " ".join(cells))
    return "\n".join(lines)


def main(argv=None):
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="results/bench_coba.json")
    parser.add_argument("--n-neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=1000.0, help="ms")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated network sizes of the scaling run ('' to skip)",
    )
    parser.add_argument(
        "--nest-max",
        type=int,
        default=4000,
        help="largest network NEST runs in the scaling run",
    )
    parser.add_argument(
        "--engines",
        default=",".join(coba_engines.ENGINES),
        help="comma-separated subset of " + ", ".join(coba_engines.ENGINES),
    )
    parser.add_argument(
        "--no-cold-jit",
        action="store_true",
        help="skip adexlab's run with an empty numba cache",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    engines = [e for e in args.engines.split(",") if e]
    sizes = [int(n) for n in args.sizes.split(",") if n]
    brian2_dir = tempfile.mkdtemp(prefix="bench_coba_brian2_")
    report = {
        "machine": {"platform": platform.platform(), "python": sys.version.split()[0]},
        "settings": vars(args) | {"dt_ms": coba_engines.DT},
    }

    for variant in ("fixed_in_degree", "adex"):
        results = compare(
            engines,
            args.n_neurons,
            args.duration,
            variant,
            brian2_dir,
            cold_jit=not args.no_cold_jit,
        )
        report[f"coba_{variant}"] = results
        title = (
            f"COBA {variant}, {args.n_neurons} neurons, {args.duration:g} ms, "
            f"dt {coba_engines.DT} ms"
        )
        print(format_comparison(title, results) + "\n")

    scale_engines = [
        e for e in engines if e in ("adexlab", "brian2_standalone", "nest")
    ]
    if sizes and scale_engines:
        rows = scaling(scale_engines, sizes, args.duration, args.nest_max, brian2_dir)
        report["scaling"] = rows
        print(format_scaling(rows, scale_engines) + "\n")
        memory = [
            (row["n_neurons"], row["adexlab"].get("bytes_per_synapse"))
            for row in rows
            if "adexlab" in row
        ]
        report["adexlab_bytes_per_static_synapse"] = memory
        print("adexlab bytes per static synapse (synapse arrays / synapses):")
        print(
            "  "
            + ", ".join(f"N={n}: {b if b is None else f'{b:.2f}'}" for n, b in memory)
        )

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    logger.info("results written to %s", out)


if __name__ == "__main__":
    main()
