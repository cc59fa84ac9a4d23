"""PhasePlane: nullclines from the parameters, trajectory and jumps from recordings."""

import numpy as np
import pytest

from adexlab.core.labstate import LabState
from adexlab.core.recording import Recording, Signal
from adexlab.widgets.phase_plane import PhasePlane, injected_current, nullclines

ADEX = {
    "cm": 0.281,
    "tau_m": 9.3667,
    "v_rest": -70.6,
    "v_reset": -70.6,
    "v_spike": -40.0,
    "v_thresh": -50.4,
    "delta_T": 2.0,
    "a": 4.0,
    "b": 0.0805,
}


def test_v_nullcline_has_its_minimum_at_the_exponential_threshold():
    v, w_v, _ = nullclines(ADEX, current=0.0)
    assert v[np.argmin(w_v)] == pytest.approx(ADEX["v_thresh"], abs=0.2)


def test_w_nullcline_slope_is_a_in_microsiemens():
    v, _, w_w = nullclines(ADEX, current=0.0)
    slope = (w_w[-1] - w_w[0]) / (v[-1] - v[0])
    assert slope == pytest.approx(ADEX["a"] / 1e3)


def test_injected_current_switches_on_with_the_step():
    network = LabState().network
    assert injected_current(network, "neuron", 10.0) == 0.0
    assert injected_current(network, "neuron", 60.0) == 1.0


def test_phase_plane_nullclines_follow_a_slider():
    state = LabState()
    plane = PhasePlane(state=state)
    before = np.array(plane.nullcline_source.data["w_w"])
    state.set_parameter("neuron", "a", 8.0)
    after = np.array(plane.nullcline_source.data["w_w"])
    np.testing.assert_allclose(after, 2 * before, atol=1e-12)


def test_phase_plane_draws_trajectory_and_a_reset_jump():
    state = LabState()
    plane = PhasePlane(state=state)
    times = np.arange(1, 101) * 0.1
    v = np.where(times < 5.0, -50.0, -70.6)[:, None]
    w = np.full((100, 1), 0.1)
    recording = Recording(
        0.0,
        10.0,
        0.1,
        {"neuron": (np.array([5.0]), np.array([0]))},
        {
            ("neuron", "v"): Signal(times, np.array([0]), v, 0.1),
            ("neuron", "w"): Signal(times, np.array([0]), w, 0.1),
        },
    )
    plane.push(recording)
    assert len(plane.trajectory.data["v"]) == 101
    assert np.isnan(plane.trajectory.data["v"]).sum() == 1
    assert list(plane.jumps.data["v0"]) == [-40.0]
    assert plane.jumps.data["w1"][0] == pytest.approx(0.1 + 0.0805)


def test_phase_plane_hides_without_adex_population():
    state = LabState()
    state.set_cell_type("neuron", "IF_cond_exp")
    plane = PhasePlane(state=state)
    assert not plane.__panel__().visible
