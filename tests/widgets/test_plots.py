"""LivePlots: configured from the network, fed with recordings, cleared on reset."""

import numpy as np
import pytest

from adexlab.core.labstate import LabState
from adexlab.core.recording import Recording, Signal
from adexlab.widgets.plots import LivePlots, _RateBinner, traced_neurons


def _recording(t_start, t_stop, spike_times, dt=0.1):
    times = np.arange(t_start + dt, t_stop + dt / 2, dt)
    signals = {
        ("neuron", "v"): Signal(times, np.array([0]), -65.0 + 0 * times[:, None], dt),
        ("neuron", "w"): Signal(times, np.array([0]), 0.1 + 0 * times[:, None], dt),
    }
    spikes = {
        "neuron": (np.asarray(spike_times, float), np.zeros(len(spike_times), np.int64))
    }
    return Recording(t_start, t_stop, dt, spikes, signals)


@pytest.fixture
def plots():
    return LivePlots(state=LabState())


def test_plots_trace_v_and_w_of_an_adex_neuron(plots):
    assert plots.traced == [("neuron", 0)]
    assert plots.w_figure.visible


def test_plots_push_streams_traces_raster_and_rates(plots):
    plots.push(_recording(0.0, 50.0, [12.0, 31.5]))
    assert len(plots.v_source.data["t"]) == 500
    assert list(plots.raster.data["t"]) == [12.0, 31.5]
    assert list(plots.raster.data["neuron"]) == [0, 0]
    assert len(plots.rate_source.data["t"]) == 5
    assert plots.x_range.end == plots.window


def test_plots_time_axis_follows_the_newest_data(plots):
    plots.push(_recording(0.0, 1500.0, []))
    assert plots.x_range.start == pytest.approx(500.0)
    assert plots.x_range.end == pytest.approx(1500.0)


def test_plots_keep_one_window_of_trace_samples(plots):
    plots.push(_recording(0.0, 3000.0, []))
    assert len(plots.v_source.data["t"]) <= plots.window / 0.1 + 1


def test_plots_clear_empties_every_plot(plots):
    plots.push(_recording(0.0, 50.0, [12.0]))
    plots.clear()
    assert len(plots.v_source.data["t"]) == 0
    assert len(plots.raster.data["t"]) == 0
    assert plots.x_range.start == 0.0


def test_plots_hide_w_without_adex_cells():
    state = LabState()
    state.set_cell_type("neuron", "IF_cond_exp")
    plots = LivePlots(state=state)
    assert not plots.w_figure.visible


def test_traced_neurons_skips_spike_sources():
    state = LabState()
    state.add_population("drive", 5, "SpikeSourcePoisson")
    assert traced_neurons(state.network) == [("neuron", 0)]


def test_rate_binner_carries_counts_across_chunks():
    binner = _RateBinner({"a": 2}, width=10.0)
    first = Recording(0.0, 15.0, 0.1, {"a": (np.array([5.0, 12.0]), np.array([0, 1]))})
    second = Recording(15.0, 20.0, 0.1, {"a": (np.array([18.0]), np.array([0]))})
    centres, rates = binner.add(first)
    assert list(centres) == [5.0]
    assert rates["a"][0] == pytest.approx(1 / (2 * 10.0) * 1e3)
    centres, rates = binner.add(second)
    assert list(centres) == [15.0]
    assert rates["a"][0] == pytest.approx(2 / (2 * 10.0) * 1e3)


def test_plots_thin_a_raster_that_would_overflow_its_window(plots):
    n = 30_000
    recording = Recording(
        0.0, 100.0, 0.1, {"neuron": (np.linspace(0, 100, n), np.arange(n) % 1)}
    )
    plots.offsets = {"neuron": (0, 1)}
    recording.spikes["neuron"] = (np.linspace(0, 100, n), np.zeros(n, np.int64))
    plots.push(recording)
    assert plots.raster_stride > 1
    assert "shown" in plots.raster_figure.yaxis.axis_label
