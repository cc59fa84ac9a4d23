"""Run controls: Run, Pause, Step and Reset buttons, the speed, and the clock.

The buttons only write the state (``running``, ``step_request``,
``reset_request``); the session's run loop acts on them.
"""

import panel as pn
import param

from adexlab.core.labstate import SPEEDS

__all__ = ["RunControls", "format_clock"]


def format_clock(t, wall_time):
    """Return the clock text: simulated time in ms and s, wall time in s."""
    return f"**t = {t:,.1f} ms** simulated ({t / 1e3:.2f} s) · wall {wall_time:.1f} s"


class RunControls(pn.viewable.Viewer):
    """Buttons with text labels, a speed menu and a clock.

    Parameters
    ----------
    state : LabState
    """

    state = param.Parameter(doc="The session's LabState.")

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        self.run_button = pn.widgets.Button(label="Run", color="success", width=90)
        self.pause_button = pn.widgets.Button(label="Pause", color="warning", width=90)
        self.step_button = pn.widgets.Button(label="Step", width=80)
        self.reset_button = pn.widgets.Button(label="Reset", color="danger", width=80)
        self.run_button.on_click(lambda event: setattr(state, "running", True))
        self.pause_button.on_click(lambda event: setattr(state, "running", False))
        self.step_button.on_click(lambda event: state.param.trigger("step_request"))
        self.reset_button.on_click(lambda event: state.param.trigger("reset_request"))
        self.speed = pn.widgets.Select(
            label="Speed (simulated ms per s)",
            options=SPEEDS,
            value=state.speed,
            width=190,
        )
        self.speed.param.watch(lambda e: setattr(state, "speed", e.new), "value")
        state.param.watch(lambda e: setattr(self.speed, "value", e.new), "speed")
        self.step_duration = pn.widgets.FloatInput.from_param(
            state.param.step_duration, width=90
        )
        self.dt = pn.widgets.FloatInput.from_param(state.param.dt, width=80, step=0.01)
        self.clock = pn.pane.Markdown(
            format_clock(state.t, state.wall_time),
            css_classes=["lab-clock"],
            margin=(12, 10),
        )
        state.param.watch(self._on_clock, ["t", "wall_time"])
        state.param.watch(self._on_running, "running")
        self._on_running()
        self._layout = pn.Row(
            self.run_button,
            self.pause_button,
            self.step_button,
            self.reset_button,
            self.speed,
            self.step_duration,
            self.dt,
            self.clock,
            align="end",
        )

    def __panel__(self):
        return self._layout

    def _on_clock(self, *events):
        self.clock.object = format_clock(self.state.t, self.state.wall_time)

    def _on_running(self, *events):
        running = self.state.running
        self.run_button.disabled = running
        self.pause_button.disabled = not running
        self.step_button.disabled = running
