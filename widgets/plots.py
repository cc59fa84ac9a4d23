"""Live plots of a running network: membrane traces, spike raster, population rates.

Plain Bokeh figures fed by ``ColumnDataSource.stream(..., rollover=...)``, the
cheap path for plots that update several times a second (STYLE 2.10). The view
never runs anything: the session calls :meth:`LivePlots.configure` when the
network's structure changes, :meth:`LivePlots.push` with each batch of new
recordings and :meth:`LivePlots.clear` after a reset.
"""

import logging

import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, Legend, Range1d
from bokeh.palettes import Category10_10
from bokeh.plotting import figure

__all__ = ["LivePlots", "traced_neurons", "population_colors", "MAX_TRACES"]

logger = logging.getLogger(__name__)

#: Membrane traces shown at most (the first neuron of each population).
MAX_TRACES = 4
#: Width of the population-rate bins, in ms.
RATE_BIN = 10.0
#: Raster points kept in the browser; more makes a software-rendered canvas slow.
RASTER_ROWS = 20_000
#: Trace samples kept per window; longer windows are sampled more coarsely.
TRACE_POINTS = 5_000


def traced_neurons(network):
    """Return ``[(population label, neuron index)]`` whose v (and w) are shown."""
    traced = []
    for population in network.populations:
        if not population.model.is_source and len(traced) < MAX_TRACES:
            traced.append((population.label, 0))
    return traced


def population_colors(network):
    """Return ``{population label: colour}``, stable in population order."""
    return {
        population.label: Category10_10[k % len(Category10_10)]
        for k, population in enumerate(network.populations)
    }


def trace_sampling_interval(dt, window):
    """Return the sampling interval of traces (ms) so a window holds TRACE_POINTS."""
    every = max(1, int(np.ceil(window / dt / TRACE_POINTS)))
    return every * dt


class _RateBinner:
    """Turns spike times of consecutive chunks into fixed-width rate bins."""

    def __init__(self, sizes, width=RATE_BIN):
        self.sizes = dict(sizes)
        self.width = width
        self.edge = 0.0
        self.counts = {label: 0 for label in sizes}

    def add(self, recording):
        """Return ``(bin centres, {label: rates in Hz})`` of bins completed by it."""
        times_out, rates_out = [], {label: [] for label in self.sizes}
        spikes = {
            label: np.asarray(recording.spikes.get(label, ([], []))[0])
            for label in self.sizes
        }
        while self.edge + self.width <= recording.t_stop + 1e-9:
            stop = self.edge + self.width
            for label, times in spikes.items():
                inside = np.count_nonzero((times > self.edge) & (times <= stop))
                count = self.counts[label] + inside
                rates_out[label].append(count / (self.sizes[label] * self.width) * 1e3)
                self.counts[label] = 0
            times_out.append(self.edge + self.width / 2)
            self.edge = stop
        for label, times in spikes.items():
            self.counts[label] += np.count_nonzero(times > self.edge)
        return np.asarray(times_out), {k: np.asarray(v) for k, v in rates_out.items()}


class LivePlots(pn.viewable.Viewer):
    """Membrane traces, spike raster and population rates of the session's network.

    Parameters
    ----------
    state : LabState
        The session state; its network decides what is drawn.
    window : float
        Simulated time shown, in ms.
    """

    state = param.Parameter(doc="The session's LabState.")
    window = param.Number(
        default=1000.0,
        bounds=(10.0, 1e5),
        label="Window (ms)",
        doc="Simulated time shown in the live plots, in ms.",
    )
    output_backend = param.Selector(
        default="canvas",
        objects=["canvas", "webgl"],
        doc="Bokeh output backend: webgl for users with a GPU, canvas in tests.",
    )

    def __init__(self, **params):
        super().__init__(**params)
        self.x_range = Range1d(0.0, self.window)
        self.v_figure = self._figure("v (mV)", height=220)
        self.w_figure = self._figure("w (nA)", height=150)
        self.raster_figure = self._figure("neuron", height=220)
        self.rate_figure = self._figure("rate (Hz)", height=150)
        self.rate_figure.xaxis.axis_label = "t (ms)"
        self.raster = ColumnDataSource({"t": [], "neuron": [], "color": []})
        self.raster_figure.scatter(
            "t", "neuron", source=self.raster, color="color", size=3, marker="square"
        )
        self.v_source = self.w_source = self.rate_source = None
        self._layout = pn.Column(
            pn.pane.Bokeh(self.v_figure, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.w_figure, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.raster_figure, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.rate_figure, sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )
        self.configure(self.state.network, self.state.dt)

    def __panel__(self):
        return self._layout

    def _figure(self, y_label, height):
        fig = figure(
            height=height,
            sizing_mode="stretch_width",
            x_range=self.x_range,
            tools="xpan,xwheel_zoom,reset,save",
            toolbar_location="right",
            output_backend=self.output_backend,
        )
        fig.yaxis.axis_label = y_label
        fig.min_border_left = 60
        fig.add_layout(Legend(location="top_left", label_text_font_size="8pt"))
        return fig

    # ------------------------------------------------------------------

    def configure(self, network, dt=0.1):
        """Set up traces, raster rows and rate lines for ``network`` (dt in ms)."""
        self.network = network
        # One fixed rollover per source: Bokeh's browser side keeps a stale row
        # when the rollover of consecutive streams differs.
        self.trace_rows = int(
            round(self.window / trace_sampling_interval(dt, self.window))
        )
        self.trace_rows += 1
        self.traced = traced_neurons(network)
        self.colors = population_colors(network)
        self.offsets = network.offsets()
        adaptive = [
            (label, i)
            for label, i in self.traced
            if network.population(label).model.adaptive
        ]
        self.w_traced = adaptive
        self.v_source = self._lines(self.v_figure, self.traced)
        self.w_source = self._lines(self.w_figure, adaptive)
        self.w_figure.visible = bool(adaptive)
        sizes = {p.label: p.size for p in network.populations}
        self._binner = _RateBinner(sizes)
        self.rate_source = self._lines(
            self.rate_figure, [(label, None) for label in sizes]
        )
        self.raster_figure.y_range = Range1d(-0.5, max(network.n_neurons, 1) - 0.5)
        self.clear()

    def _lines(self, fig, keys):
        """Replace the lines of ``fig`` by one per key; return their source."""
        fig.renderers = []
        fig.legend.items = []
        source = ColumnDataSource({"t": [], **{f"y{k}": [] for k in range(len(keys))}})
        for k, (label, index) in enumerate(keys):
            name = label if index is None else f"{label}[{index}]"
            fig.line(
                "t", f"y{k}", source=source, color=self.colors[label], legend_label=name
            )
        return source

    def clear(self):
        """Empty every plot and move the time axis back to 0."""
        self.raster.data = {"t": [], "neuron": [], "color": []}
        self.raster_stride = 1
        self.raster_figure.yaxis.axis_label = "neuron"
        for source in (self.v_source, self.w_source, self.rate_source):
            source.data = {name: [] for name in source.data}
        self._binner = _RateBinner(self._binner.sizes)
        self.x_range.start, self.x_range.end = 0.0, self.window

    def push(self, recording):
        """Append one recording (a chunk or several merged) to every plot."""
        self._push_traces(recording, self.v_source, self.traced, "v")
        self._push_traces(recording, self.w_source, self.w_traced, "w")
        self._push_raster(recording)
        centres, rates = self._binner.add(recording)
        if centres.size:
            columns = (f"y{k}" for k in range(len(rates)))
            data = {"t": centres, **dict(zip(columns, rates.values()))}
            self.rate_source.stream(data, rollover=int(self.window / RATE_BIN) + 1)
        t = recording.t_stop
        self.x_range.start = max(0.0, t - self.window)
        self.x_range.end = max(self.window, t)

    def _push_traces(self, recording, source, keys, variable):
        if not keys:
            return
        data, times = {}, None
        for k, (label, index) in enumerate(keys):
            signal = recording.signals.get((label, variable))
            if signal is None:
                return
            column = list(signal.ids).index(index)
            times = signal.times
            data[f"y{k}"] = signal.values[:, column]
        rows = self.trace_rows
        data = {"t": times, **data}
        source.stream({k: v[-rows:] for k, v in data.items()}, rollover=rows)

    def _push_raster(self, recording):
        times, neurons, colors = [], [], []
        for label, (t, ids) in recording.spikes.items():
            if label not in self.offsets:
                continue
            times.append(t)
            neurons.append(ids + self.offsets[label][0])
            colors.append(np.full(len(t), self.colors[label], dtype=object))
        if not times:
            return
        data = {
            "t": np.concatenate(times),
            "neuron": np.concatenate(neurons),
            "color": np.concatenate(colors),
        }
        self._thin_raster(data["t"].size, recording.t_stop - recording.t_start)
        if self.raster_stride > 1:
            keep = data["neuron"] % self.raster_stride == 0
            data = {k: v[keep] for k, v in data.items()}
        if data["t"].size:
            self.raster.stream(
                {k: v[-RASTER_ROWS:] for k, v in data.items()}, rollover=RASTER_ROWS
            )

    def _thin_raster(self, n_spikes, duration):
        """Show every k-th neuron if the whole raster would overflow its window."""
        if duration <= 0:
            return
        expected = n_spikes / duration * self.window
        stride = int(np.ceil(expected / RASTER_ROWS))
        if stride > self.raster_stride:
            self.raster_stride = stride
            self.raster_figure.yaxis.axis_label = f"neuron (1 in {stride} shown)"
