"""LIF cells on adexlab against closed-form solutions, and IF_cond_exp against NEST.

f-I curves: a DC step gives a periodic train whose interval follows from the linear
membrane equation. PSPs: one spike from a SpikeSourceArray through a StaticSynapse
with a delay; the recorded v is compared sample by sample with the closed form.
"""

import numpy as np
import pytest

from analytic import lif_firing_period, psp_curr_alpha, psp_curr_exp
from pynn_models import STEP_ONSET, lif_parameters, run_lif_dc, run_psp

pytestmark = pytest.mark.reference

#: DC amplitudes (nA): one below rheobase (0.75 nA here), then 17 to 162 spikes/s.
FI_AMPLITUDES = [0.7, 0.8, 1.0, 1.5, 2.5, 4.0]
#: A spike is stamped at the end of the step in which v crosses v_thresh, and the
#: refractory hold starts there, so on a grid every interval lies in [T, T + dt].
#: Between spikes the LIF equation is linear; an exact (exponential) integrator meets
#: these bounds to rounding error. On top we allow 0.1 % of T for a non-exact scheme.
FI_PERIOD_RTOL = 1e-3

PSP_CELL = {
    "cm": 0.25,
    "tau_m": 10.0,
    "v_rest": -65.0,
    "v_reset": -65.0,
    "v_thresh": -40.0,
    "tau_refrac": 2.0,
}
PSP_WEIGHT = 1.0  # nA: a 10-13 mV PSP, well below threshold
PSP_SPIKE_TIME = 10.0
PSP_DELAY = 1.5
#: The closed form is exact; NEST (exact integration of the linear system) meets it to
#: 1e-13 mV. A second-order scheme at dt = 0.1 ms with tau_syn = 2 ms stays within
#: about (dt / tau_syn)^2 / 12 = 2e-4 of the peak; we allow 1e-3 of the peak.
PSP_RTOL = 1e-3
PSP_SHAPES = {
    "IF_curr_exp": (psp_curr_exp, 5.0),
    "IF_curr_alpha": (psp_curr_alpha, 2.0),
}


@pytest.mark.parametrize("dt", [0.1, 0.01])
@pytest.mark.parametrize("cell_type", ["IF_curr_exp", "IF_cond_exp"])
def test_lif_fi_curve_matches_analytic(adexlab_sim, cell_type, dt):
    trains = run_lif_dc(adexlab_sim, cell_type, FI_AMPLITUDES, dt)
    parameters = {
        key: value
        for key, value in lif_parameters(cell_type).items()
        if not key.startswith("e_rev")
    }
    for amplitude, spikes in zip(FI_AMPLITUDES, trains):
        period = lif_firing_period(amplitude, **parameters)
        if np.isinf(period):
            assert spikes.size == 0, f"{amplitude} nA is below rheobase"
            continue
        # The first interval runs from the onset, where v = v_reset as after a spike.
        onset = STEP_ONSET - parameters["tau_refrac"]
        intervals = np.diff(np.concatenate([[onset], spikes]))
        slack = FI_PERIOD_RTOL * period
        assert intervals.min() >= period - slack, (amplitude, intervals.min(), period)
        assert intervals.max() <= period + dt + slack, (amplitude, intervals.max())


@pytest.mark.parametrize("dt", [0.1, 0.01])
@pytest.mark.parametrize("cell_type", list(PSP_SHAPES))
def test_lif_psp_matches_closed_form(adexlab_sim, cell_type, dt):
    shape, tau_syn = PSP_SHAPES[cell_type]
    parameters = {**PSP_CELL, "tau_syn_E": tau_syn}
    t, v = run_psp(
        adexlab_sim,
        cell_type,
        parameters,
        PSP_WEIGHT,
        PSP_DELAY,
        PSP_SPIKE_TIME,
        dt,
        duration=60.0,
    )
    arrival = PSP_SPIKE_TIME + PSP_DELAY
    expected = parameters["v_rest"] + shape(
        t - arrival, PSP_WEIGHT, parameters["cm"], parameters["tau_m"], tau_syn
    )
    peak = np.max(expected - parameters["v_rest"])

    assert t[np.argmax(v)] == pytest.approx(t[np.argmax(expected)], abs=dt / 2)
    assert np.max(v) == pytest.approx(np.max(expected), abs=PSP_RTOL * peak)
    np.testing.assert_allclose(v, expected, rtol=0, atol=PSP_RTOL * peak)


def test_nest_psp_matches_closed_form(nest_sim):
    """The closed forms and the script agree with NEST (checks the harness itself)."""
    for cell_type, (shape, tau_syn) in PSP_SHAPES.items():
        parameters = {**PSP_CELL, "tau_syn_E": tau_syn}
        t, v = run_psp(
            nest_sim,
            cell_type,
            parameters,
            PSP_WEIGHT,
            PSP_DELAY,
            PSP_SPIKE_TIME,
            0.1,
            duration=60.0,
        )
        expected = parameters["v_rest"] + shape(
            t - PSP_SPIKE_TIME - PSP_DELAY,
            PSP_WEIGHT,
            parameters["cm"],
            parameters["tau_m"],
            tau_syn,
        )
        np.testing.assert_allclose(v, expected, rtol=0, atol=1e-9, err_msg=cell_type)


#: IF_cond_exp PSP against NEST's iaf_cond_exp (adaptive RKF45, so effectively exact).
#: The conductance multiplies (e_rev_E - v): a fixed-step scheme at dt = 0.1 ms is off
#: by O(dt^2) per step of a smooth trajectory; 1e-3 of the peak as for the closed forms.
COND_PSP_WEIGHT = 0.05  # uS: a ~ 10 mV PSP


@pytest.mark.parametrize("dt", [0.1, 0.01])
def test_lif_cond_exp_psp_matches_nest(adexlab_sim, nest_sim, dt):
    parameters = {**PSP_CELL, "tau_syn_E": 5.0, "e_rev_E": 0.0, "e_rev_I": -70.0}
    runs = [
        run_psp(
            sim,
            "IF_cond_exp",
            parameters,
            COND_PSP_WEIGHT,
            PSP_DELAY,
            PSP_SPIKE_TIME,
            dt,
            duration=60.0,
        )
        for sim in (adexlab_sim, nest_sim)
    ]
    (t, v), (t_nest, v_nest) = runs
    np.testing.assert_array_equal(t, t_nest)
    peak = np.max(v_nest) - parameters["v_rest"]
    assert t[np.argmax(v)] == t_nest[np.argmax(v_nest)]
    np.testing.assert_allclose(v, v_nest, rtol=0, atol=PSP_RTOL * peak)
