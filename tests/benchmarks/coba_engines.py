"""The COBA benchmark on each engine: one function per engine, run in a subprocess.

Each ``run_*`` function builds the COBA network (SCIENCE.md 1.2, robust variant: fixed
in-degree 80 drawn with replacement, bias current; or its AdEx variant) on one engine,
times build, compilation and the simulation loop separately, and returns a dict of
plain numbers. bench_coba.py calls them in fresh processes so that JIT caches, NEST's
kernel and Brian2's device start from a known state.
"""

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

# The PyNN script of the network is shared with the reference tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reference"))

import pynn_models as models  # noqa: E402

DT = 0.1  # ms


def _rate(n_spikes, n_neurons, duration):
    return n_spikes / n_neurons / (duration / 1e3)


def _draw_coba(n_neurons, variant, seed):
    """Connections, biases and initial values of the network, drawn with NumPy.

    Used by the engines that do not run the PyNN script (Brian2, PyNEST); the
    statistics are those of ``pynn_models.build_coba``.
    """
    rng = np.random.default_rng(seed)
    n_exc = int(round(models.COBA_EXC_FRACTION * n_neurons))
    k_exc = int(round(models.COBA_IN_DEGREE * models.COBA_EXC_FRACTION))
    k_inh = models.COBA_IN_DEGREE - k_exc
    post = np.repeat(np.arange(n_neurons), k_exc)
    pre_exc = rng.integers(0, n_exc, size=post.size)
    post_inh = np.repeat(np.arange(n_neurons), k_inh)
    pre_inh = rng.integers(n_exc, n_neurons, size=post_inh.size)
    if variant == "adex":
        bias = rng.uniform(*models.COBA_ADEX_BIAS, size=n_neurons)
        v0 = rng.uniform(-70.6, -50.4, size=n_neurons)
        g0 = np.zeros((2, n_neurons))
    else:
        bias = np.full(n_neurons, models.COBA_BIAS)
        v0 = rng.normal(-65.0, 5.0, size=n_neurons)
        g0 = np.zeros((2, n_neurons))
    return {
        "n_exc": n_exc,
        "exc": (pre_exc, post),
        "inh": (pre_inh, post_inh),
        "bias": bias,
        "v0": v0,
        "g0": g0,
    }


def run_adexlab(n_neurons, duration, variant="fixed_in_degree", seed=1, repeats=3):
    """adexlab through its PyNN API: script, build, first run (JIT), warm runs.

    The loop time is the fastest of ``repeats`` warm runs (the machine may be
    shared; the minimum is the least disturbed).
    """
    started = time.perf_counter()
    import adexlab.core.pynn as sim
    from adexlab.core.pynn import simulator

    import_s = time.perf_counter() - started

    t0 = time.perf_counter()
    exc, inh = models.build_coba(sim, n_neurons, variant, seed, DT)
    exc.record("spikes")
    inh.record("spikes")
    script_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    simulator.state.build()
    build_s = time.perf_counter() - t0
    simulation = simulator.state.simulation
    bytes_per_synapse = _adexlab_bytes_per_synapse(simulation, n_neurons)

    t0 = time.perf_counter()
    sim.run(duration)
    first_run_s = time.perf_counter() - t0
    n_spikes = sum(len(t) for t in models.population_spikes(exc))
    n_spikes += sum(len(t) for t in models.population_spikes(inh))

    # reset() keeps the built network and the compiled kernels: warm reruns.
    warm_runs = []
    for _ in range(repeats):
        sim.reset()
        t0 = time.perf_counter()
        sim.run(duration)
        warm_runs.append(time.perf_counter() - t0)
    warm_run_s = min(warm_runs)
    sim.end()
    return {
        "import_s": import_s,
        "script_s": script_s,
        "build_s": build_s,
        "first_run_s": first_run_s,
        "loop_s": warm_run_s,
        "jit_s": max(first_run_s - warm_run_s, 0.0),
        "rate_hz": _rate(n_spikes, n_neurons, duration),
        "bytes_per_synapse": bytes_per_synapse,
    }


def _adexlab_bytes_per_synapse(simulation, n_neurons):
    # LIMITATION: the simulation exposes its synapse arrays only through the private
    # _static store; if that changes, the figure is reported as missing.
    store = getattr(simulation, "_static", None)
    nbytes = getattr(store, "nbytes", None)
    if callable(nbytes):
        nbytes = nbytes()
    if nbytes is None:
        return None
    return nbytes / (n_neurons * models.COBA_IN_DEGREE)


def run_nest(n_neurons, duration, variant="fixed_in_degree", seed=1):
    """NEST 3 through PyNEST, one thread: build (create + connect) and simulate."""
    import nest

    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.local_num_threads = 1
    nest.resolution = DT
    nest.rng_seed = seed
    drawn = _draw_coba(n_neurons, variant, seed)

    t0 = time.perf_counter()
    if variant == "adex":
        cell = models.COBA_ADEX_CELL
        model = "aeif_cond_exp"
        extra = {
            "Delta_T": cell["delta_T"],
            "a": cell["a"],
            "b": cell["b"] * 1e3,  # nA -> pA
            "tau_w": cell["tau_w"],
            "V_peak": cell["v_spike"],
        }
    else:
        cell = models.COBA_CELL
        model = "iaf_cond_exp"
        extra = {}
    # NEST units: pF, nS, pA.
    parameters = {
        "C_m": cell["cm"] * 1e3,
        "g_L": cell["cm"] * 1e3 / cell["tau_m"],
        "E_L": cell["v_rest"],
        "V_th": cell["v_thresh"],
        "V_reset": cell["v_reset"],
        "t_ref": cell["tau_refrac"],
        "E_ex": cell["e_rev_E"],
        "E_in": cell["e_rev_I"],
        "tau_syn_ex": cell["tau_syn_E"],
        "tau_syn_in": cell["tau_syn_I"],
        **extra,
    }
    neurons = nest.Create(model, n_neurons, params=parameters)
    neurons.set(I_e=list(drawn["bias"] * 1e3), V_m=list(drawn["v0"]))
    if variant != "adex":
        neurons.set(g_ex=list(drawn["g0"][0] * 1e3), g_in=list(drawn["g0"][1] * 1e3))
    ids = np.asarray(neurons.tolist())
    for name, sign, weight in (
        ("exc", 1.0, models.COBA_WEIGHT_EXC),
        ("inh", -1.0, models.COBA_WEIGHT_INH),
    ):
        pre, post = drawn[name]
        nest.Connect(
            ids[pre],
            ids[post],
            "one_to_one",
            {
                "synapse_model": "static_synapse",
                "weight": np.full(pre.size, sign * weight * 1e3),  # nS
                "delay": np.full(pre.size, models.COBA_DELAY),
            },
        )
    recorder = nest.Create("spike_recorder")
    nest.Connect(neurons, recorder)
    nest.Prepare()
    build_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    nest.Run(duration)
    loop_s = time.perf_counter() - t0
    nest.Cleanup()
    return {
        "build_s": build_s,
        "loop_s": loop_s,
        "rate_hz": _rate(recorder.n_events, n_neurons, duration),
    }


def _brian2_network(b2, n_neurons, variant, seed):
    drawn = _draw_coba(n_neurons, variant, seed)
    if variant == "adex":
        cell = models.COBA_ADEX_CELL
        adaptation = """
        dw/dt = (a*(v - v_rest) - w)/tau_w : amp
        """
        spike_current = "+ g_l*delta_T*exp((v - v_thresh)/delta_T) - w"
        threshold = "v > v_spike"
        reset = "v = v_reset; w += b_jump"
        # The exponential is not linear in v: Brian2's examples use forward Euler.
        method = "euler"
    else:
        cell = models.COBA_CELL
        adaptation = ""
        spike_current = ""
        threshold = "v > v_thresh"
        reset = "v = v_reset"
        method = "exponential_euler"
    equations = f"""
    dv/dt = (g_l*(v_rest - v) + g_e*(e_rev_e - v) + g_i*(e_rev_i - v) + i_bias
             {spike_current})/c_m : volt (unless refractory)
    dg_e/dt = -g_e/tau_e : siemens
    dg_i/dt = -g_i/tau_i : siemens
    i_bias : amp (constant)
    {adaptation}
    """
    namespace = {
        "c_m": cell["cm"] * b2.nF,
        "g_l": cell["cm"] / cell["tau_m"] * b2.uS,
        "v_rest": cell["v_rest"] * b2.mV,
        "v_thresh": cell["v_thresh"] * b2.mV,
        "v_reset": cell["v_reset"] * b2.mV,
        "e_rev_e": cell["e_rev_E"] * b2.mV,
        "e_rev_i": cell["e_rev_I"] * b2.mV,
        "tau_e": cell["tau_syn_E"] * b2.ms,
        "tau_i": cell["tau_syn_I"] * b2.ms,
    }
    if variant == "adex":
        namespace.update(
            delta_T=cell["delta_T"] * b2.mV,
            v_spike=cell["v_spike"] * b2.mV,
            a=cell["a"] * b2.nS,
            tau_w=cell["tau_w"] * b2.ms,
            b_jump=cell["b"] * b2.nA,
        )
    group = b2.NeuronGroup(
        n_neurons,
        equations,
        threshold=threshold,
        reset=reset,
        refractory=cell["tau_refrac"] * b2.ms,
        method=method,
        namespace=namespace,
    )
    group.v = drawn["v0"] * b2.mV
    group.g_e = drawn["g0"][0] * b2.uS
    group.g_i = drawn["g0"][1] * b2.uS
    group.i_bias = drawn["bias"] * b2.nA
    synapses = []
    for name, target, weight in (
        ("exc", "g_e", models.COBA_WEIGHT_EXC),
        ("inh", "g_i", models.COBA_WEIGHT_INH),
    ):
        pre, post = drawn[name]
        projection = b2.Synapses(
            group,
            group,
            on_pre=f"{target} += {weight}*uS",
            delay=models.COBA_DELAY * b2.ms,
        )
        projection.connect(i=pre, j=post)
        synapses.append(projection)
    monitor = b2.SpikeMonitor(group, record=False)
    return b2.Network(group, *synapses, monitor), monitor


def run_brian2_standalone(
    n_neurons, duration, variant="fixed_in_degree", seed=1, directory=None, repeats=3
):
    """Brian2 C++ standalone: code generation + compilation, then the loop alone.

    The loop time is the one the generated program measures itself; build time is
    the wall time of ``device.build`` minus it (code generation, compiling, writing
    and reading arrays, starting the program).
    """
    import brian2 as b2

    b2.set_device("cpp_standalone", build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = DT * b2.ms
    directory = directory or tempfile.mkdtemp(prefix="bench_coba_brian2_")

    t0 = time.perf_counter()
    network, monitor = _brian2_network(b2, n_neurons, variant, seed)
    network.run(duration * b2.ms)
    script_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    b2.device.build(directory=directory, compile=True, run=True, with_output=False)
    total_s = time.perf_counter() - t0
    first_loop_s = float(b2.device._last_run_time)
    loops = [first_loop_s]
    for _ in range(repeats - 1):
        # Runs the compiled program again, without generating or compiling code.
        b2.device.run(directory=directory, with_output=False, run_args=[])
        loops.append(float(b2.device._last_run_time))
    loop_s = min(loops)
    return {
        "script_s": script_s,
        "build_s": total_s - first_loop_s,
        "loop_s": loop_s,
        "rate_hz": _rate(int(monitor.num_spikes), n_neurons, duration),
        "directory": directory,
    }


def run_brian2_runtime(
    n_neurons, duration, variant="fixed_in_degree", seed=1, target="cython", repeats=3
):
    """Brian2 runtime mode: the first run includes compilation, a second is warm."""
    import brian2 as b2

    b2.prefs.codegen.target = target
    b2.defaultclock.dt = DT * b2.ms
    t0 = time.perf_counter()
    network, monitor = _brian2_network(b2, n_neurons, variant, seed)
    network.run(0 * b2.ms)  # creates and compiles the code objects
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    network.run(duration * b2.ms)
    first_run_s = time.perf_counter() - t0
    n_spikes = int(monitor.num_spikes)
    loops = []
    for _ in range(repeats):
        # Continues the network: the same activity regime, warm code objects.
        t0 = time.perf_counter()
        network.run(duration * b2.ms)
        loops.append(time.perf_counter() - t0)
    loop_s = min(loops)
    return {
        "build_s": build_s,
        "first_run_s": first_run_s,
        "loop_s": loop_s,
        "rate_hz": _rate(n_spikes, n_neurons, duration),
    }


ENGINES = {
    "adexlab": run_adexlab,
    "nest": run_nest,
    "brian2_standalone": run_brian2_standalone,
    "brian2_cython": run_brian2_runtime,
}


def fresh_numba_cache():
    """A new, empty numba cache directory (for cold-JIT measurements)."""
    return tempfile.mkdtemp(prefix="bench_coba_numba_")


def environment_with(**variables):
    """``os.environ`` plus the given variables, for a worker subprocess."""
    return {**os.environ, **{k: str(v) for k, v in variables.items()}}
