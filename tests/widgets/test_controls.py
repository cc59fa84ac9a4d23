"""RunControls: buttons with text write the state; the clock shows it."""

import math

from adexlab.core.labstate import LabState
from adexlab.widgets.controls import RunControls, format_clock


def test_run_and_pause_buttons_set_running():
    state = LabState()
    controls = RunControls(state=state)
    controls.run_button.clicks += 1
    assert state.running
    assert controls.run_button.disabled and not controls.pause_button.disabled
    controls.pause_button.clicks += 1
    assert not state.running


def test_step_and_reset_buttons_fire_requests():
    state = LabState()
    controls = RunControls(state=state)
    fired = []
    state.param.watch(lambda e: fired.append(e.name), ["step_request", "reset_request"])
    controls.step_button.clicks += 1
    controls.reset_button.clicks += 1
    assert fired == ["step_request", "reset_request"]


def test_speed_menu_offers_as_fast_as_possible():
    state = LabState()
    controls = RunControls(state=state)
    controls.speed.value = math.inf
    assert state.speed == math.inf


def test_clock_shows_simulated_and_wall_time():
    state = LabState()
    controls = RunControls(state=state)
    state.param.update(t=1500.0, wall_time=2.0)
    assert controls.clock.object == format_clock(1500.0, 2.0)
    assert (
        "1,500.0 ms" in controls.clock.object and "wall 2.0 s" in controls.clock.object
    )


def test_buttons_carry_text_labels():
    controls = RunControls(state=LabState())
    names = [
        b.label
        for b in (
            controls.run_button,
            controls.pause_button,
            controls.step_button,
            controls.reset_button,
        )
    ]
    assert names == ["Run", "Pause", "Step", "Reset"]
