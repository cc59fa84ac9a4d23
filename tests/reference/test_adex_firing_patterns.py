"""AdEx firing patterns on adexlab against pyNN.nest running the same PyNN script.

Parameter sets: the eight of Naud et al. 2008 (SCIENCE.md 1.1) plus the Brette-Gerstner
defaults. At dt = 0.01 ms spike counts and the first spike times must agree; at
dt = 0.1 ms the recognised pattern and roughly the count. Where adexlab and NEST
disagree, the failure message adds a Brian2 model of the same equations.
"""

import numpy as np
import pytest

from adexlab.core.analysis import classify_firing_pattern

import brian2_models
from pynn_models import ADEX_PATTERN_NAMES, STEP_ONSET, run_adex_patterns

pytestmark = pytest.mark.reference

FINE_DT = 0.01
COARSE_DT = 0.1
STEP_DURATION = 500.0
#: Number of leading spikes whose times are compared at FINE_DT. The fifth spike of
#: the two patterns with a < 0 (delayed regular bursting, irregular spiking) follows a
#: slow passage near the saddle of the v-nullcline that amplifies tiny differences in
#: state: NEST and a Brian2 RK4 model at the same dt put it 0.15-0.18 ms apart, while
#: all earlier spikes of every pattern agree within 0.03 ms.
FIRST_SPIKES = 4
#: Spike times are stamped at the end of the step in which v crosses v_spike, so two
#: accurate integrators can put a crossing that lies near a step boundary into
#: neighbouring steps; through the reset this one-step shift carries over to all later
#: spikes. The first four spikes may thus differ by up to four steps with no
#: integration error at all; one more step is left for the integrators' own error.
#: Measured: adexlab and NEST agree within 0.03 ms on these spikes.
SPIKE_TIME_TOLERANCE = (FIRST_SPIKES + 1) * FINE_DT
#: At COARSE_DT a fixed-step integrator moves every spike by up to a step (NEST's
#: adaptive RKF45 does not), which over a 500 ms step can gain or lose a spike at the
#: end of the window for every ~10 spikes; irregular spiking amplifies any shift.
COARSE_COUNT_FRACTION = 0.1

EXPECTED_PATTERN = {
    "tonic_spiking": "tonic",
    "adaptation": "adapting",
    "initial_burst": "initial burst",
    "regular_bursting": "regular bursting",
    "delayed_accelerating": "delayed accelerating",
    "delayed_regular_bursting": "delayed regular bursting",
    "transient_spiking": "transient",
    "irregular_spiking": "irregular",
    "brette_gerstner": "adapting",
}


@pytest.fixture(scope="module")
def spikes(request):
    """Spike times per (simulator, dt): each simulator runs all patterns once."""
    cache = {}

    def get(simulator, dt):
        if (simulator, dt) not in cache:
            sim = request.getfixturevalue(f"{simulator}_sim")
            cache[simulator, dt] = run_adex_patterns(
                sim, dt, ADEX_PATTERN_NAMES, STEP_DURATION
            )
        return cache[simulator, dt]

    return get


def _brian2_opinion(name, dt):
    trains = brian2_models.run_adex_patterns(dt, [name], STEP_DURATION)
    return (
        f"Brian2 RK4 (dt {dt} ms) gives {len(trains[name])} spikes: {trains[name][:8]}"
    )


@pytest.mark.parametrize("name", ADEX_PATTERN_NAMES)
def test_adex_pattern_matches_nest_spike_count(spikes, name):
    ours, nest = spikes("adexlab", FINE_DT)[name], spikes("nest", FINE_DT)[name]
    if len(ours) != len(nest):
        pytest.fail(
            f"{name}: adexlab fires {len(ours)} spikes, NEST {len(nest)}. "
            + _brian2_opinion(name, FINE_DT)
        )


@pytest.mark.parametrize("name", ADEX_PATTERN_NAMES)
def test_adex_pattern_matches_nest_first_spike_times(spikes, name):
    ours, nest = spikes("adexlab", FINE_DT)[name], spikes("nest", FINE_DT)[name]
    n = min(FIRST_SPIKES, len(nest))
    assert len(ours) >= n, f"{name}: adexlab fires {len(ours)} spikes, NEST {len(nest)}"
    difference = ours[:n] - nest[:n]
    if np.max(np.abs(difference)) > SPIKE_TIME_TOLERANCE:
        pytest.fail(
            f"{name}: first spike times differ from NEST by {np.round(difference, 3)} "
            f"ms (adexlab {ours[:n]}, NEST {nest[:n]}). "
            + _brian2_opinion(name, FINE_DT)
        )


@pytest.mark.parametrize("name", ADEX_PATTERN_NAMES)
def test_adex_pattern_recognised_at_coarse_dt(spikes, name):
    window = (STEP_ONSET, STEP_ONSET + STEP_DURATION)
    nest = classify_firing_pattern(spikes("nest", COARSE_DT)[name], *window)
    ours = classify_firing_pattern(spikes("adexlab", COARSE_DT)[name], *window)
    assert nest == EXPECTED_PATTERN[name], "the NEST reference itself changed pattern"
    assert ours == nest


@pytest.mark.parametrize("name", ADEX_PATTERN_NAMES)
def test_adex_pattern_spike_count_close_at_coarse_dt(spikes, name):
    ours, nest = spikes("adexlab", COARSE_DT)[name], spikes("nest", COARSE_DT)[name]
    allowed = max(1, round(COARSE_COUNT_FRACTION * len(nest)))
    assert abs(len(ours) - len(nest)) <= allowed, (
        f"{name}: adexlab fires {len(ours)} spikes at dt {COARSE_DT} ms, NEST "
        f"{len(nest)}; allowed difference {allowed}"
    )


@pytest.mark.slow
def test_brian2_reference_agrees_with_nest(brian2, spikes):
    """The Brian2 model used as third opinion reproduces NEST (checks the harness)."""
    ours = brian2_models.run_adex_patterns(FINE_DT, ADEX_PATTERN_NAMES, STEP_DURATION)
    nest = spikes("nest", FINE_DT)
    for name in ADEX_PATTERN_NAMES:
        assert len(ours[name]) == len(nest[name]), name
        n = min(FIRST_SPIKES, len(nest[name]))
        np.testing.assert_allclose(
            ours[name][:n], nest[name][:n], atol=SPIKE_TIME_TOLERANCE, err_msg=name
        )
