"""Neuron kernels against analytic solutions, slow numpy references and NEST."""

import math
import os

import numpy as np
import pytest
from scipy import integrate

from adexlab.core import (
    Network,
    OneToOneConnector,
    Population,
    Projection,
    Record,
    Synapse,
)
from adexlab.core.backends import get_backend
from adexlab.core.kernels import neurons as nk

#: Exact integrators agree with closed forms to rounding error, in mV.
EXACT_TOLERANCE = 1e-9

#: Step-mean conductances are second order in dt; error bound of a PSP, in mV.
COND_PSP_TOLERANCE = {0.1: 2e-3, 0.01: 2e-5}

DTS = [0.1, 0.01]

#: Short runs in pure-Python mode (NUMBA_DISABLE_JIT=1) keep the suite fast.
SHORT = os.environ.get("NUMBA_DISABLE_JIT") == "1"


def _one_neuron(
    cell_type,
    parameters,
    dt,
    duration,
    spike_times=None,
    weight=0.0,
    receptor="excitatory",
    delay=None,
    record=("v",),
):
    """Run one neuron, optionally driven by one spike source; return the Recording."""
    net = Network(seed=1)
    net.add(Population("cell", 1, cell_type, parameters=parameters))
    if spike_times is not None:
        net.add(
            Population(
                "src",
                1,
                "SpikeSourceArray",
                parameters={"spike_times": np.asarray(spike_times, float)},
            )
        )
        net.add(
            Projection(
                "drive",
                "src",
                "cell",
                OneToOneConnector(),
                Synapse(weight=weight, delay=dt if delay is None else delay),
                receptor_type=receptor,
            )
        )
    net.add(Record("cell", ["spikes", *record]))
    sim = get_backend("simulator").build(net, dt=dt)
    return sim.run(duration)


def test_propagators_match_quadrature():
    """The exact propagators equal numerically integrated convolutions."""
    dt, cm, tau_m, tau_e, tau_i = 0.1, 0.25, 10.0, 2.0, 10.0
    params = np.zeros((nk.N_PARAM, 1))
    params[nk.CM], params[nk.G_L] = cm, cm / tau_m
    params[nk.TAU_SYN_E], params[nk.TAU_SYN_I] = tau_e, tau_i
    coef = np.empty((nk.N_COEF, 1))
    nk._propagators(params, dt, coef)

    def conv(f):
        return (
            integrate.quad(
                lambda s: math.exp(-(dt - s) / tau_m) * f(s),
                0,
                dt,
                epsabs=1e-15,
                epsrel=1e-13,
            )[0]
            / cm
        )

    assert coef[nk.C_P21E, 0] == pytest.approx(
        conv(lambda s: math.exp(-s / tau_e)), rel=1e-10
    )
    assert coef[nk.C_P21I, 0] == pytest.approx(
        conv(lambda s: math.exp(-s / tau_i)), rel=1e-10
    )
    assert coef[nk.C_P31E, 0] == pytest.approx(
        conv(lambda s: s * math.exp(-s / tau_e)), rel=1e-8
    )
    assert coef[nk.C_P31I, 0] == pytest.approx(
        conv(lambda s: s * math.exp(-s / tau_i)), rel=1e-8
    )
    mean = integrate.quad(lambda s: s * math.exp(-s / tau_e), 0, dt)[0] / dt
    assert coef[nk.C_FE2, 0] == pytest.approx(mean, rel=1e-10)


@pytest.mark.parametrize("dt", DTS)
def test_if_curr_exp_matches_analytic_psp(dt):
    """A single spike gives w/cm (e^{-t/tau_s} - e^{-t/tau_m}) / (1/tau_m - 1/tau_s)."""
    p = {"cm": 0.5, "tau_m": 15.0, "tau_syn_E": 3.0, "v_rest": -65.0, "v_thresh": 0.0}
    w, t_spike, delay = 0.8, 2.0, 1.0
    rec = _one_neuron("IF_curr_exp", p, dt, 30.0, [t_spike], w, delay=delay)
    signal = rec.signals[("cell", "v")]
    t = signal.times - (t_spike + delay)
    expected = (
        np.where(
            t >= -1e-9,
            w / p["cm"] * (np.exp(-t / 3.0) - np.exp(-t / 15.0)) / (1 / 15.0 - 1 / 3.0),
            0.0,
        )
        + p["v_rest"]
    )
    np.testing.assert_allclose(
        signal.values[:, 0], expected, rtol=0, atol=EXACT_TOLERANCE
    )


@pytest.mark.parametrize("dt", DTS)
def test_if_curr_alpha_matches_analytic_psp(dt):
    """The alpha PSP is the membrane filter applied to w (t/tau) e^{1 - t/tau}."""
    p = {"cm": 0.5, "tau_m": 15.0, "tau_syn_I": 2.0, "v_rest": -65.0, "v_thresh": 0.0}
    w, t_spike = -0.6, 1.0
    rec = _one_neuron("IF_curr_alpha", p, dt, 20.0, [t_spike], w, receptor="inhibitory")
    signal = rec.signals[("cell", "v")]
    t_arrive = t_spike + dt

    def psp(t):
        if t <= 0:
            return 0.0
        current = lambda s: w * s / 2.0 * math.exp(1 - s / 2.0)  # noqa: E731
        return (
            integrate.quad(
                lambda s: math.exp(-(t - s) / 15.0) * current(s),
                0,
                t,
                epsabs=1e-14,
                epsrel=1e-12,
            )[0]
            / p["cm"]
        )

    expected = np.array([psp(t - t_arrive) for t in signal.times]) + p["v_rest"]
    np.testing.assert_allclose(signal.values[:, 0], expected, rtol=0, atol=1e-8)


def test_if_curr_alpha_current_peaks_at_weight_at_tau_syn():
    """PyNN/NEST normalisation: the alpha current peaks at w, tau_syn after arrival."""
    dt, w, tau = 0.01, 0.3, 2.0
    p = {"tau_syn_E": tau, "v_thresh": 100.0}
    rec = _one_neuron("IF_curr_alpha", p, dt, 10.0, [1.0], w, record=("isyn_exc",))
    signal = rec.signals[("cell", "isyn_exc")]
    peak = np.argmax(signal.values[:, 0])
    assert signal.values[peak, 0] == pytest.approx(w, rel=1e-9)
    assert signal.times[peak] == pytest.approx(1.0 + dt + tau)


def _lif_spike_times(p, current, dt, duration):
    """Spike times of a LIF with exact subthreshold solution, on the dt grid."""
    tau_m, r = p["tau_m"], p["tau_m"] / p["cm"]
    v_inf = p["v_rest"] + r * current
    refr = round(p["tau_refrac"] / dt)
    times, free_from, v0 = [], 0.0, p["v_rest"]
    while v_inf > p["v_thresh"]:
        crossing = tau_m * math.log((v_inf - v0) / (v_inf - p["v_thresh"]))
        stamp = free_from + math.ceil(crossing / dt - 1e-9) * dt
        if stamp > duration + 1e-9:
            return np.array(times)
        times.append(stamp)
        free_from = stamp + refr * dt
        v0 = p["v_reset"]
    return np.array(times)


@pytest.mark.parametrize("cell_type", ["IF_curr_exp", "IF_curr_alpha", "IF_cond_exp"])
@pytest.mark.parametrize("dt", DTS)
def test_lif_f_i_curve_matches_analytic(cell_type, dt):
    """Constant current: rate 1/(tau_refrac + tau_m ln((RI)/(RI - (v_th - v_rest))))."""
    duration = 60.0 if SHORT else 200.0
    for current in (0.2, 0.3, 0.5, 1.0, 3.0):
        p = {
            "cm": 0.25,
            "tau_m": 10.0,
            "v_rest": -65.0,
            "v_reset": -70.0,
            "v_thresh": -55.0,
            "tau_refrac": 2.0,
            "i_offset": current,
        }
        times = _one_neuron(cell_type, p, dt, duration, record=()).spikes["cell"][0]
        expected = _lif_spike_times(p, current, dt, duration)
        np.testing.assert_allclose(times, expected, atol=1e-9)


@pytest.mark.parametrize("dt", DTS)
def test_if_cond_exp_psp_matches_ode_solution(dt):
    """A conductance PSP is within the O(dt^2) bound of a fine ODE solution."""
    p = {
        "cm": 0.2,
        "tau_m": 20.0,
        "tau_syn_E": 5.0,
        "v_rest": -60.0,
        "e_rev_E": 0.0,
        "v_thresh": 0.0,
    }
    w, t_arrive = 0.01, 1.0 + dt
    rec = _one_neuron("IF_cond_exp", p, dt, 25.0, [1.0], w)
    signal = rec.signals[("cell", "v")]
    g_l = p["cm"] / p["tau_m"]

    def rhs(t, y):
        g = w * math.exp(-(t - t_arrive) / 5.0) if t >= t_arrive else 0.0
        return [(g_l * (-60.0 - y[0]) + g * (0.0 - y[0])) / p["cm"]]

    fine = integrate.solve_ivp(
        rhs,
        (t_arrive, 25.0),
        [-60.0],
        t_eval=signal.times[signal.times >= t_arrive],
        rtol=1e-11,
        atol=1e-12,
    )
    ours = signal.values[signal.times >= t_arrive - 1e-9, 0]
    np.testing.assert_allclose(ours, fine.y[0], atol=COND_PSP_TOLERANCE[dt])


def test_if_cond_alpha_conductance_peaks_at_weight_at_tau_syn():
    """Alpha conductance: peak w at tau_syn after the spike arrives."""
    dt, w, tau = 0.01, 0.02, 1.5
    rec = _one_neuron(
        "IF_cond_alpha",
        {"tau_syn_I": tau},
        dt,
        10.0,
        [1.0],
        w,
        receptor="inhibitory",
        record=("gsyn_inh",),
    )
    signal = rec.signals[("cell", "gsyn_inh")]
    peak = np.argmax(signal.values[:, 0])
    assert signal.values[peak, 0] == pytest.approx(w, rel=1e-9)
    assert signal.times[peak] == pytest.approx(1.0 + dt + tau)


@pytest.mark.parametrize(
    "cell_type", ["EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista"]
)
def test_adex_rests_without_input(cell_type):
    """PyNN's default AdEx parameters with no input stay at v_rest with w = 0.

    The exponential term is not zero at v_rest, so the true fixed point lies
    g_L delta_T exp((v_rest - v_T)/delta_T) / (g_L + a) = 7e-5 mV above it.
    """
    rec = _one_neuron(cell_type, {}, 0.1, 500.0, record=("v", "w"))
    assert rec.spikes["cell"][0].size == 0
    np.testing.assert_allclose(rec.signals[("cell", "v")].values, -70.6, atol=1e-4)
    np.testing.assert_allclose(rec.signals[("cell", "w")].values, 0.0, atol=1e-6)


def test_adex_spike_resets_and_adapts():
    """After a spike v is held at v_reset for tau_refrac and w has jumped by b."""
    p = {"i_offset": 1.0, "tau_refrac": 2.0, "b": 0.1}
    rec = _one_neuron("EIF_cond_exp_isfa_ista", p, 0.1, 60.0, record=("v", "w"))
    t_spike = rec.spikes["cell"][0][0]
    v = rec.signals[("cell", "v")]
    held = (v.times >= t_spike - 1e-9) & (v.times <= t_spike + 2.0 + 1e-9)
    np.testing.assert_array_equal(v.values[held, 0], -70.6)
    assert v.values[np.searchsorted(v.times, t_spike + 2.1 - 1e-9), 0] > -70.6
    w = rec.signals[("cell", "w")].values[:, 0]
    jump = np.searchsorted(v.times, t_spike - 1e-9)
    assert w[jump] - w[jump - 1] == pytest.approx(0.1, abs=2e-3)


def test_adex_with_huge_current_stays_finite():
    """A current far beyond physiological stays finite: the exponent is clamped."""
    rec = _one_neuron(
        "EIF_cond_exp_isfa_ista", {"i_offset": 900.0, "tau_refrac": 0.0}, 0.1, 20.0
    )
    assert np.isfinite(rec.signals[("cell", "v")].values).all()
    assert rec.spikes["cell"][0].size > 0


#: Naud et al. 2008 firing patterns: cm pF, g_L nS, E_L mV, a nS, tau_w ms, b pA,
#: v_reset mV, I pA; delta_T 2 mV, v_T -50 mV, spikes cut at 0 mV.
PATTERNS = {
    "tonic": (200, 10, -70, 2, 30, 0, -58, 500),
    "adaptation": (200, 12, -70, 2, 300, 60, -58, 500),
    "initial_burst": (130, 18, -58, 4, 150, 120, -50, 400),
    "regular_bursting": (200, 10, -58, 2, 120, 100, -46, 210),
    "delayed_accelerating": (200, 12, -70, -10, 300, 0, -58, 300),
    "delayed_regular_bursting": (100, 10, -65, -10, 90, 30, -47, 110),
    "transient": (100, 10, -65, 10, 90, 100, -47, 180),
    "irregular": (100, 12, -60, -11, 130, 30, -48, 160),
}

#: Spikes compared with NEST, and how far the k-th may drift per step of dt.
N_COMPARED = 3
#: First-spike agreement with NEST's adaptive RKF45 at dt = 0.01 ms, in ms.
FIRST_SPIKE_TOLERANCE = {0.01: 0.1, 0.1: 0.3}
#: Spike counts over 500 ms may differ by this fraction (chaotic patterns drift).
COUNT_TOLERANCE = 0.1


def _nest_aeif_spikes(pattern, dt, duration, t_ref):
    nest = pytest.importorskip("nest")
    cm, g_l, e_l, a, tau_w, b, v_reset, current = pattern
    nest.ResetKernel()
    nest.resolution = dt
    neuron = nest.Create(
        "aeif_cond_exp",
        params={
            "C_m": float(cm),
            "g_L": float(g_l),
            "E_L": float(e_l),
            "a": float(a),
            "tau_w": float(tau_w),
            "b": float(b),
            "V_reset": float(v_reset),
            "I_e": float(current),
            "Delta_T": 2.0,
            "V_th": -50.0,
            "V_peak": 0.0,
            "t_ref": t_ref,
            "V_m": float(e_l),
            "w": 0.0,
        },
    )
    recorder = nest.Create("spike_recorder")
    nest.Connect(neuron, recorder)
    nest.Simulate(duration)
    return np.asarray(recorder.get("events")["times"], dtype=float)


@pytest.mark.reference
@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize("name", list(PATTERNS))
def test_adex_matches_nest_aeif_cond_exp_spike_times(name, dt):
    """First spikes within tolerance of NEST aeif_cond_exp, counts within 10 %."""
    if SHORT:
        pytest.skip("NEST comparison needs compiled kernels")
    cm, g_l, e_l, a, tau_w, b, v_reset, current = PATTERNS[name]
    t_ref, duration = 0.1, 500.0
    expected = _nest_aeif_spikes(PATTERNS[name], dt, duration, t_ref)
    p = {
        "cm": cm / 1000,
        "tau_m": cm / g_l,
        "v_rest": e_l,
        "a": a,
        "tau_w": tau_w,
        "b": b / 1000,
        "v_reset": v_reset,
        "i_offset": current / 1000,
        "delta_T": 2.0,
        "v_thresh": -50.0,
        "v_spike": 0.0,
        "tau_refrac": t_ref,
    }
    ours = _one_neuron("EIF_cond_exp_isfa_ista", p, dt, duration, record=()).spikes[
        "cell"
    ][0]
    assert abs(ours.size - expected.size) <= max(1, COUNT_TOLERANCE * expected.size)
    k = min(N_COMPARED, expected.size)
    assert ours[0] == pytest.approx(expected[0], abs=FIRST_SPIKE_TOLERANCE[dt])
    np.testing.assert_allclose(ours[:k], expected[:k], atol=k * dt + 1e-9)


@pytest.mark.reference
@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize(
    "cell_type, nest_model",
    [
        ("IF_curr_exp", "iaf_psc_exp"),
        ("IF_curr_alpha", "iaf_psc_alpha"),
        ("IF_cond_exp", "iaf_cond_exp"),
        ("IF_cond_alpha", "iaf_cond_alpha"),
    ],
)
def test_lif_spike_times_match_nest_with_refractoriness(cell_type, nest_model, dt):
    """Constant drive: spike times, reset and refractory period equal NEST's."""
    nest = pytest.importorskip("nest")
    nest.ResetKernel()
    nest.resolution = dt
    shared = {
        "C_m": 250.0,
        "E_L": -65.0,
        "V_reset": -70.0,
        "V_th": -55.0,
        "t_ref": 2.0,
        "I_e": 500.0,
        "V_m": -65.0,
    }
    leak = {"tau_m": 10.0} if "psc" in nest_model else {"g_L": 25.0}
    neuron = nest.Create(nest_model, params={**shared, **leak})
    recorder = nest.Create("spike_recorder")
    nest.Connect(neuron, recorder)
    nest.Simulate(200.0)
    expected = np.asarray(recorder.get("events")["times"], dtype=float)
    p = {
        "cm": 0.25,
        "tau_m": 10.0,
        "v_rest": -65.0,
        "v_reset": -70.0,
        "v_thresh": -55.0,
        "tau_refrac": 2.0,
        "i_offset": 0.5,
    }
    ours = _one_neuron(cell_type, p, dt, 200.0, record=()).spikes["cell"][0]
    np.testing.assert_allclose(ours, expected, atol=1e-9)


#: Largest trace difference from NEST's adaptive RKF45 under synaptic input, in mV.
ADEX_TRACE_TOLERANCE = {0.1: 5e-3, 0.01: 1e-3}


@pytest.mark.reference
@pytest.mark.parametrize("dt", DTS)
@pytest.mark.parametrize(
    "cell_type, nest_model",
    [
        ("EIF_cond_exp_isfa_ista", "aeif_cond_exp"),
        ("EIF_cond_alpha_isfa_ista", "aeif_cond_alpha"),
    ],
)
def test_adex_synaptic_response_matches_nest(cell_type, nest_model, dt):
    """Excitatory and inhibitory input spikes give NEST's membrane trace and spikes."""
    if SHORT:
        pytest.skip("NEST comparison needs compiled kernels")
    nest = pytest.importorskip("nest")
    times, weight_e, weight_i, delay = (
        [5.0, 5.5, 12.0, 30.0, 31.0, 32.0],
        0.03,
        0.05,
        1.0,
    )
    nest.ResetKernel()
    nest.resolution = dt
    # NEST's own defaults differ from PyNN's in V_reset and E_in.
    neuron = nest.Create(
        nest_model,
        params={
            "t_ref": 0.1,
            "V_peak": -40.0,
            "tau_syn_ex": 2.0,
            "tau_syn_in": 5.0,
            "V_reset": -70.6,
            "E_in": -80.0,
        },
    )
    excitation = nest.Create("spike_generator", params={"spike_times": times})
    inhibition = nest.Create("spike_generator", params={"spike_times": [20.0]})
    nest.Connect(
        excitation, neuron, syn_spec={"weight": weight_e * 1e3, "delay": delay}
    )
    nest.Connect(
        inhibition, neuron, syn_spec={"weight": -weight_i * 1e3, "delay": delay}
    )
    meter = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": dt})
    recorder = nest.Create("spike_recorder")
    nest.Connect(meter, neuron)
    nest.Connect(neuron, recorder)
    nest.Simulate(60.0)
    events = meter.get("events")

    net = Network()
    net.add(
        Population(
            "cell",
            1,
            cell_type,
            parameters={
                "tau_refrac": 0.1,
                "v_spike": -40.0,
                "tau_syn_E": 2.0,
                "tau_syn_I": 5.0,
            },
        )
    )
    net.add(
        Population(
            "exc", 1, "SpikeSourceArray", parameters={"spike_times": np.array(times)}
        )
    )
    net.add(
        Population(
            "inh", 1, "SpikeSourceArray", parameters={"spike_times": np.array([20.0])}
        )
    )
    net.add(
        Projection(
            "e",
            "exc",
            "cell",
            OneToOneConnector(),
            Synapse(weight=weight_e, delay=delay),
        )
    )
    net.add(
        Projection(
            "i",
            "inh",
            "cell",
            OneToOneConnector(),
            Synapse(weight=weight_i, delay=delay),
            receptor_type="inhibitory",
        )
    )
    net.add(Record("cell", ["spikes", "v"]))
    rec = get_backend("simulator").build(net, dt=dt).run(60.0)
    signal = rec.signals[("cell", "v")]
    ours = np.interp(events["times"], signal.times, signal.values[:, 0])
    np.testing.assert_allclose(ours, events["V_m"], atol=ADEX_TRACE_TOLERANCE[dt])
    np.testing.assert_allclose(
        rec.spikes["cell"][0], recorder.get("events")["times"], atol=1e-9
    )
