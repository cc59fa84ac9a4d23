"""Brian2 models of the reference scripts: a third, independent opinion.

The equations are written out here from the papers (Brette and Gerstner 2005 for AdEx),
not translated from a PyNN backend, so they check both adexlab and pyNN.nest.
Spike times are returned in the NEST convention (see ``_nest_stamps``).
"""

import numpy as np
from pyNN.standardmodels.cells import EIF_cond_exp_isfa_ista

from pynn_models import STEP_ONSET, adex_pattern_parameters


def _nest_stamps(times_ms, dt):
    # Brian2 stamps a spike with the start time of the step whose integration crossed
    # the threshold; NEST and adexlab stamp it with the end of that step.
    return np.asarray(times_ms, dtype=float) + dt


def run_adex_patterns(dt, names, step_duration=500.0, method="rk4"):
    """Brian2 twin of ``pynn_models.run_adex_patterns`` (numpy runtime target)."""
    import brian2 as b2

    b2.start_scope()
    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = dt * b2.ms
    table = [adex_pattern_parameters(name) for name in names]
    # Parameters not set by a pattern take PyNN's EIF_cond_exp_isfa_ista defaults.
    defaults = EIF_cond_exp_isfa_ista.default_parameters
    columns = {
        key: np.array([{**defaults, **p}[key] for p, _ in table]) for key in defaults
    }
    amplitude = np.array([i for _, i in table])

    # v, w and the parameters are plain numbers in PyNN units (mV, nA, uS, nF); only
    # time carries a Brian2 unit, so "/ms" makes the rates come out per ms. Inside the
    # step in which v crosses v_spike, Runge-Kutta stages can take v far above the
    # cut-off, so the right-hand sides see v clipped at v_spike (as NEST's aeif models
    # do): the dynamics below the cut-off are unchanged and w does not jump with a
    # stage value of v.
    equations = """
    dv/dt = (g_l*(v_rest - v_c) + g_l*delta_T*exp((v_c - v_thresh)/delta_T)
             + i_ext - w)/(c_m*ms) : 1 (unless refractory)
    dw/dt = (a_us*(v_c - v_rest) - w)/tau_w : 1
    v_c = clip(v, -inf, v_spike) : 1
    i_ext : 1
    c_m : 1 (constant)
    g_l : 1 (constant)
    v_rest : 1 (constant)
    delta_T : 1 (constant)
    v_thresh : 1 (constant)
    v_spike : 1 (constant)
    v_reset : 1 (constant)
    a_us : 1 (constant)
    b : 1 (constant)
    tau_w : second (constant)
    refrac : second (constant)
    """
    group = b2.NeuronGroup(
        len(names),
        equations,
        threshold="v > v_spike",
        reset="v = v_reset; w += b",
        refractory="refrac",
        method=method,
    )
    group.c_m = columns["cm"]
    group.g_l = columns["cm"] / columns["tau_m"]
    for key in ("v_rest", "delta_T", "v_thresh", "v_spike", "v_reset", "b"):
        setattr(group, key, columns[key])
    group.a_us = columns["a"] / 1e3
    group.tau_w = columns["tau_w"] * b2.ms
    # NEST holds v for tau_refrac/dt whole steps after the crossing step; Brian2 counts
    # the crossing step itself, so one step is added to match the convention.
    group.refrac = (columns["tau_refrac"] + dt) * b2.ms
    group.v = columns["v_rest"]
    group.w = 0.0
    monitor = b2.SpikeMonitor(group)

    network = b2.Network(group, monitor)
    network.run(STEP_ONSET * b2.ms)
    group.i_ext = amplitude
    network.run(step_duration * b2.ms)
    group.i_ext = 0.0
    network.run(20.0 * b2.ms)

    trains = monitor.spike_trains()
    return {name: _nest_stamps(trains[k] / b2.ms, dt) for k, name in enumerate(names)}
