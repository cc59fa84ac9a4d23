"""The (v, w) phase plane of one AdEx neuron: nullclines, trajectory, reset jumps.

The nullclines follow the parameters in the description (they move as sliders
move, running or not); the trajectory and the reset jumps come from the
recordings the session pushes. Plain Bokeh, because the trajectory streams
several times a second like the other live plots.

Equations (Brette and Gerstner 2005), PyNN units (nF, uS, mV, nA, ms)::

    cm dv/dt = -g_L (v - E_L) + g_L delta_T exp((v - v_T) / delta_T) - w + I
    tau_w dw/dt = a (v - E_L) - w            (a in uS here, nS in PyNN)

with g_L = cm / tau_m; at v >= v_spike: v -> v_reset, w -> w + b.
"""

import math

import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, Legend, Range1d
from bokeh.plotting import figure

__all__ = ["PhasePlane", "nullclines", "injected_current"]

#: PyNN states AdEx ``a`` in nS; the equations above need uS.
NS_PER_US = 1e3
#: Points along each nullcline.
N_POINTS = 400
#: Trajectory samples kept (about 1 s at 0.2 ms sampling).
TRAJECTORY_ROWS = 5_000


def injected_current(network, population, t):
    """Return the current injected into neuron 0 of ``population`` at ``t`` (nA).

    Sums ``i_offset`` and the current sources aimed at that neuron; a noisy
    source counts with its mean.
    """
    pop = network.population(population)
    total = float(np.mean(pop.parameters.get("i_offset", 0.0)))
    for source in network.current_sources:
        if not any(_targets_first(target, population) for target in source.targets):
            continue
        p = {**source.model.defaults, **source.parameters}
        kind = source.source_type
        if kind == "StepCurrentSource":
            times = np.asarray(p["times"], float)
            amplitudes = np.asarray(p["amplitudes"], float)
            k = np.searchsorted(times, t, side="right") - 1
            total += float(amplitudes[k]) if k >= 0 else 0.0
        elif p["start"] <= t < p["stop"]:
            if kind == "DCSource":
                total += p["amplitude"]
            elif kind == "ACSource":
                phase = math.radians(p["phase"])
                total += p["offset"] + p["amplitude"] * math.sin(
                    2 * math.pi * p["frequency"] * t / 1e3 + phase
                )
            elif kind == "NoisyCurrentSource":
                total += p["mean"]
    return total


def _targets_first(target, population):
    if target.population != population:
        return False
    return target.indices is None or 0 in np.asarray(target.indices)


def nullclines(parameters, current):
    """Return ``v, w_v, w_w``: the v- and w-nullclines over a voltage range.

    Parameters
    ----------
    parameters : dict
        AdEx parameters in PyNN units (``a`` in nS).
    current : float
        Injected current, in nA.

    Returns
    -------
    v : (N_POINTS,) ndarray
        Membrane potential, in mV.
    w_v, w_w : (N_POINTS,) ndarray
        w (nA) on the v-nullcline (dv/dt = 0) and on the w-nullcline (dw/dt = 0).
    """
    p = parameters
    g_l = p["cm"] / p["tau_m"]
    low = min(p["v_reset"], p["v_rest"]) - 15.0
    v = np.linspace(low, p["v_spike"], N_POINTS)
    if p["delta_T"] > 0:
        upswing = g_l * p["delta_T"] * np.exp((v - p["v_thresh"]) / p["delta_T"])
    else:
        upswing = np.zeros_like(v)
    w_v = -g_l * (v - p["v_rest"]) + upswing + current
    w_w = p["a"] / NS_PER_US * (v - p["v_rest"])
    return v, w_v, w_w


class PhasePlane(pn.viewable.Viewer):
    """(v, w) plane of neuron 0 of an AdEx population of the session's network.

    Parameters
    ----------
    state : LabState
    population : str or None
        Label of the AdEx population shown; None shows the first one.
    """

    state = param.Parameter(doc="The session's LabState.")
    population = param.String(default=None, allow_None=True, doc="Population shown.")

    def __init__(self, **params):
        super().__init__(**params)
        self.nullcline_source = ColumnDataSource({"v": [], "w_v": [], "w_w": []})
        self.trajectory = ColumnDataSource({"v": [], "w": []})
        self.jumps = ColumnDataSource({"v0": [], "w0": [], "v1": [], "w1": []})
        self.figure = self._figure()
        self.title = pn.pane.Markdown("", margin=(0, 10))
        self._pane = pn.pane.Bokeh(self.figure, sizing_mode="stretch_width")
        self._layout = pn.Column(self.title, self._pane, sizing_mode="stretch_width")
        self.state.param.watch(self._on_change, ["revision", "t"])
        self.update()

    def __panel__(self):
        return self._layout

    def _figure(self):
        fig = figure(
            height=330,
            sizing_mode="stretch_width",
            tools="pan,wheel_zoom,reset,save",
            x_range=Range1d(-90, 0),
            y_range=Range1d(-0.2, 0.6),
            output_backend="canvas",
        )
        fig.xaxis.axis_label = "v (mV)"
        fig.yaxis.axis_label = "w (nA)"
        fig.add_layout(Legend(location="top_left", label_text_font_size="8pt"))
        source = self.nullcline_source
        fig.line(
            "v",
            "w_v",
            source=source,
            color="#1f77b4",
            line_width=2,
            legend_label="v-nullcline",
        )
        fig.line(
            "v",
            "w_w",
            source=source,
            color="#2ca02c",
            line_width=2,
            legend_label="w-nullcline",
        )
        fig.line(
            "v",
            "w",
            source=self.trajectory,
            color="#444444",
            alpha=0.8,
            legend_label="trajectory",
        )
        fig.segment(
            "v0",
            "w0",
            "v1",
            "w1",
            source=self.jumps,
            color="#d62728",
            line_dash="dashed",
            legend_label="reset jumps",
        )
        return fig

    def _shown(self):
        """Return the AdEx population shown, or None if there is none."""
        adaptive = [p for p in self.state.network.populations if p.model.adaptive]
        for pop in adaptive:
            if pop.label == self.population:
                return pop
        return adaptive[0] if adaptive else None

    def _on_change(self, event):
        # Bokeh models may only change under the document lock (see pn.state.execute).
        pn.state.execute(self.update, schedule=True)

    def update(self):
        """Recompute the nullclines from the current parameters and input."""
        pop = self._shown()
        self._layout.visible = pop is not None
        if pop is None:
            return
        parameters = {**pop.model.defaults, **pop.parameters}
        parameters = {k: float(np.mean(v)) for k, v in parameters.items()}
        current = injected_current(self.state.network, pop.label, self.state.t)
        key = (pop.label, current, tuple(sorted(parameters.items())))
        if key == getattr(self, "_key", None):
            return
        self._key = key
        v, w_v, w_w = nullclines(parameters, current)
        self.title.object = (
            f"**Phase plane** of {pop.label}[0] (AdEx), input I = {current:.3g} nA"
        )
        self.nullcline_source.data = {"v": v, "w_v": w_v, "w_w": w_w}
        self._parameters = parameters
        self._fit_ranges(v, w_v, w_w)

    def _fit_ranges(self, v, w_v, w_w):
        trajectory = np.asarray(self.trajectory.data["w"], dtype=float)
        trajectory = trajectory[np.isfinite(trajectory)]
        lows = [w_v.min(), w_w.min()]
        highs = [w_w.max(), w_v[np.argmin(w_v)] + 0.3]
        if trajectory.size:
            lows.append(trajectory.min())
            highs.append(trajectory.max())
        low, high = min(lows), max(highs)
        margin = 0.1 * (high - low) + 1e-3
        self.figure.x_range.start, self.figure.x_range.end = v[0], v[-1] + 5
        self.figure.y_range.start = low - margin
        self.figure.y_range.end = high + margin

    def clear(self):
        """Forget the trajectory and the jumps (after a reset)."""
        self._key = None
        self.trajectory.data = {"v": [], "w": []}
        self.jumps.data = {"v0": [], "w0": [], "v1": [], "w1": []}

    def push(self, recording):
        """Append the (v, w) samples and reset jumps of a recording."""
        pop = self._shown()
        if pop is None:
            return
        v_signal = recording.signals.get((pop.label, "v"))
        w_signal = recording.signals.get((pop.label, "w"))
        if v_signal is None or w_signal is None or 0 not in v_signal.ids:
            return
        column = list(v_signal.ids).index(0)
        times = v_signal.times
        v, w = v_signal.values[:, column], w_signal.values[:, column]
        spike_times, ids = recording.spikes.get(pop.label, (np.empty(0), np.empty(0)))
        spike_times = np.asarray(spike_times)[np.asarray(ids) == 0]
        # Break the trajectory at each spike so the jump is drawn as its own segment.
        cuts = np.searchsorted(times, spike_times)
        v_line = np.insert(v, cuts, np.nan)
        w_line = np.insert(w, cuts, np.nan)
        rows = slice(-TRAJECTORY_ROWS, None)
        self.trajectory.stream(
            {"v": v_line[rows], "w": w_line[rows]}, rollover=TRAJECTORY_ROWS
        )
        finite = w_line[np.isfinite(w_line)]
        y_range = self.figure.y_range
        if finite.size and (finite.min() < y_range.start or finite.max() > y_range.end):
            margin = 0.05 * (y_range.end - y_range.start)
            y_range.start = min(y_range.start, finite.min() - margin)
            y_range.end = max(y_range.end, finite.max() + margin)
        if spike_times.size:
            before = np.clip(cuts - 1, 0, len(w) - 1)
            p = self._parameters
            w_before = w[before]
            self.jumps.stream(
                {
                    "v0": np.full(spike_times.size, p["v_spike"]),
                    "w0": w_before,
                    "v1": np.full(spike_times.size, p["v_reset"]),
                    "w1": w_before + p["b"],
                },
                rollover=50,
            )
