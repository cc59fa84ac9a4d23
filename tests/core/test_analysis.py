"""Spike-train statistics, and the firing-pattern classifier checked on NEST output."""

import numpy as np
import pytest

from adexlab.core.analysis import (
    FIRING_PATTERNS,
    SILENT,
    UNCLASSIFIED,
    adaptation_index,
    classify_firing_pattern,
    coefficient_of_variation,
    firing_rate,
    interspike_intervals,
)

# Naud, Marcille, Clopath and Gerstner (2008), Table 1, as SCIENCE.md section 1.1 gives
# it, transcribed here independently of the demo: cm (pF), g_L (nS), E_L (mV), a (nS),
# tau_w (ms), b (pA), v_reset (mV), I (pA); delta_T = 2 mV, v_T = -50 mV, cut at 0 mV.
NAUD_2008 = {
    "tonic": (200, 10, -70, 2, 30, 0, -58, 500),
    "adapting": (200, 12, -70, 2, 300, 60, -58, 500),
    "initial burst": (130, 18, -58, 4, 150, 120, -50, 400),
    "regular bursting": (200, 10, -58, 2, 120, 100, -46, 210),
    "delayed accelerating": (200, 12, -70, -10, 300, 0, -58, 300),
    "delayed regular bursting": (100, 10, -65, -10, 90, 30, -47, 110),
    "transient": (100, 10, -65, 10, 90, 100, -47, 180),
    "irregular": (100, 12, -60, -11, 130, 30, -48, 160),
}
ONSET = 100.0


def run_on_nest(sim, pattern, step, dt):
    """Spike times (ms) of one AdEx neuron with a pattern's parameters and step."""
    cm, g_L, E_L, a, tau_w, b, v_reset, current = NAUD_2008[pattern]
    sim.setup(timestep=dt)
    cell = sim.EIF_cond_exp_isfa_ista(
        cm=cm * 1e-3,  # pF -> nF
        tau_m=cm / g_L,  # pF / nS = ms
        v_rest=E_L,
        a=a,  # nS, PyNN's unit for a
        tau_w=tau_w,
        b=b * 1e-3,  # pA -> nA
        v_reset=v_reset,
        v_thresh=-50.0,
        delta_T=2.0,
        v_spike=0.0,
        tau_refrac=0.05,
    )
    neuron = sim.Population(1, cell)
    neuron.initialize(v=E_L, w=0.0)
    neuron.record("spikes")
    sim.DCSource(amplitude=current * 1e-3, start=ONSET, stop=ONSET + step).inject_into(
        neuron
    )
    sim.run(ONSET + step + 50.0)
    train = neuron.get_data("spikes").segments[0].spiketrains[0]
    sim.end()
    return np.asarray(train.rescale("ms").magnitude)


@pytest.mark.reference
@pytest.mark.parametrize("pattern", FIRING_PATTERNS)
@pytest.mark.parametrize("dt", [0.1, 0.01])
@pytest.mark.parametrize("step", [500.0, 1000.0])
def test_classifier_names_naud_patterns_simulated_by_nest(nest_sim, pattern, step, dt):
    """NEST's AdEx with each published parameter set shows the published pattern."""
    spike_times = run_on_nest(nest_sim, pattern, step, dt)
    assert classify_firing_pattern(spike_times, ONSET, ONSET + step) == pattern


def test_interspike_intervals_sorts_spike_times():
    assert interspike_intervals([30.0, 10.0, 15.0]).tolist() == [5.0, 15.0]


def test_interspike_intervals_of_one_spike_is_empty():
    assert interspike_intervals([4.0]).shape == (0,)


def test_interspike_intervals_rejects_nan():
    with pytest.raises(ValueError, match="must be finite"):
        interspike_intervals([1.0, np.nan])


def test_coefficient_of_variation_is_zero_for_regular_train():
    assert coefficient_of_variation([8.0, 8.0, 8.0]) == 0.0


def test_coefficient_of_variation_is_near_one_for_poisson_train(rng):
    intervals = rng.exponential(10.0, size=20_000)
    assert coefficient_of_variation(intervals) == pytest.approx(1.0, abs=0.03)


def test_coefficient_of_variation_needs_two_intervals():
    assert np.isnan(coefficient_of_variation([3.0]))


def test_firing_rate_counts_spikes_in_half_open_window():
    spikes = [0.0, 250.0, 500.0, 999.9, 1000.0]
    assert firing_rate(spikes, 0.0, 1000.0) == pytest.approx(4.0)


def test_firing_rate_rejects_empty_window():
    with pytest.raises(ValueError, match="t_stop must be > t_start"):
        firing_rate([1.0], 5.0, 5.0)


def test_adaptation_index_sign_follows_interval_trend():
    assert adaptation_index([10.0, 20.0, 40.0]) == pytest.approx(1 / 3)
    assert adaptation_index([40.0, 20.0, 10.0]) == pytest.approx(-1 / 3)
    assert adaptation_index([10.0, 10.0, 10.0]) == 0.0


def test_classifier_reports_silence():
    assert classify_firing_pattern([5.0, 2000.0], 100.0, 1100.0) == SILENT


def test_classifier_reports_too_few_spikes_as_unclassified():
    assert classify_firing_pattern([900.0, 1000.0], 100.0, 1100.0) == UNCLASSIFIED


def test_classifier_names_train_that_stops_transient():
    spikes = 100.0 + np.array([10.0, 20.0, 35.0, 60.0])
    assert classify_firing_pattern(spikes, 100.0, 1100.0) == "transient"


def test_classifier_names_regular_train_tonic():
    spikes = 100.0 + 10.0 * np.arange(1, 100)
    assert classify_firing_pattern(spikes, 100.0, 1100.0) == "tonic"


def test_classifier_names_poisson_train_irregular(rng):
    spikes = 100.0 + np.cumsum(rng.exponential(20.0, size=45))
    assert classify_firing_pattern(spikes, 100.0, spikes[-1] + 10.0) == "irregular"


@pytest.mark.parametrize(
    ("latency", "pattern"),
    [(10.0, "regular bursting"), (90.0, "delayed regular bursting")],
)
def test_classifier_tells_delayed_from_prompt_bursting(latency, pattern):
    """Bursts of three spikes every 100 ms, the first `latency` ms after onset."""
    burst = np.array([0.0, 4.0, 8.0])
    spikes = np.concatenate([latency + burst + 100.0 * k for k in range(10)])
    assert classify_firing_pattern(spikes, 0.0, 1000.0) == pattern


def test_classifier_tolerates_coincident_spikes():
    spikes = 100.0 + 10.0 * np.repeat(np.arange(1, 50), 2)
    assert classify_firing_pattern(spikes, 100.0, 600.0) in FIRING_PATTERNS


def test_classifier_rejects_empty_window():
    with pytest.raises(ValueError, match="t_stop must be > t_start"):
        classify_firing_pattern([1.0], 10.0, 0.0)
