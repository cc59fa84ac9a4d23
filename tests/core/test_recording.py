"""Recording: merging consecutive runs and counting spikes."""

import numpy as np
import pytest

from adexlab.core.recording import Recording, Signal


def _recording(t_start, t_stop, spike_times, sample_times):
    ids = np.arange(len(spike_times), dtype=np.int64) % 2
    values = np.column_stack([sample_times, -sample_times])
    return Recording(
        t_start,
        t_stop,
        0.1,
        spikes={"p": (np.asarray(spike_times, float), ids)},
        signals={
            ("p", "v"): Signal(
                np.asarray(sample_times, float), np.array([0, 1]), values, 0.5
            )
        },
    )


def test_recording_merge_concatenates_in_time():
    first = _recording(0.0, 1.0, [0.2, 0.7], np.array([0.0, 0.5, 1.0]))
    second = _recording(1.0, 2.0, [1.3], np.array([1.5, 2.0]))
    merged = first.merge(second)
    assert (merged.t_start, merged.t_stop) == (0.0, 2.0)
    np.testing.assert_array_equal(merged.spikes["p"][0], [0.2, 0.7, 1.3])
    np.testing.assert_array_equal(
        merged.signals[("p", "v")].times, [0.0, 0.5, 1.0, 1.5, 2.0]
    )
    assert merged.signals[("p", "v")].values.shape == (5, 2)


def test_recording_merge_rejects_a_gap():
    first = _recording(0.0, 1.0, [], np.array([0.0]))
    with pytest.raises(ValueError, match="starting at 3.0 ms"):
        first.merge(_recording(3.0, 4.0, [], np.array([4.0])))


def test_signal_merge_rejects_other_neurons():
    a = Signal(np.zeros(1), np.array([0]), np.zeros((1, 1)), 0.1)
    b = Signal(np.zeros(1), np.array([1]), np.zeros((1, 1)), 0.1)
    with pytest.raises(ValueError, match="different neurons"):
        a.merge(b)


def test_recording_spike_counts_per_neuron():
    rec = _recording(0.0, 1.0, [0.1, 0.2, 0.3], np.array([0.0]))
    np.testing.assert_array_equal(rec.spike_counts("p", 3), [2, 1, 0])
    np.testing.assert_array_equal(rec.spike_counts("missing", 2), [0, 0])
