"""Recorded data: Neo structure, files, segments after reset, continued runs."""

import neo
import numpy as np
import pytest
import quantities as pq

#: pyNN.nest needs this setup keyword to allow reset(); adexlab ignores it.
NEST_RESET = {"t_flush": 100.0}


def _driven_adex(sim, **setup):
    sim.setup(timestep=0.1, **setup)
    cells = sim.Population(2, sim.EIF_cond_exp_isfa_ista(), label="adex")
    sim.DCSource(amplitude=1.0, start=5.0, stop=60.0).inject_into(cells[0:1])
    cells.record(["spikes", "v", "w", "gsyn_exc", "gsyn_inh"])
    return cells


def test_get_data_returns_annotated_neo_block(pynn_sim):
    cells = _driven_adex(pynn_sim)
    pynn_sim.run(50.0)
    block = cells.get_data()
    assert isinstance(block, neo.Block) and len(block.segments) == 1
    segment = block.segments[0]
    assert [st.annotations["source_index"] for st in segment.spiketrains] == [0, 1]
    assert [st.annotations["channel_id"] for st in segment.spiketrains] == [
        int(i) for i in cells.all_cells
    ]
    assert all(
        st.annotations["source_population"] == "adex" for st in segment.spiketrains
    )
    assert len(segment.spiketrains[0]) > 0 and len(segment.spiketrains[1]) == 0
    units = {sig.name: str(sig.units.dimensionality) for sig in segment.analogsignals}
    assert units == {"v": "mV", "w": "nA", "gsyn_exc": "uS", "gsyn_inh": "uS"}
    pynn_sim.end()


def test_analog_signal_samples_from_zero_to_now(pynn_sim):
    cells = _driven_adex(pynn_sim)
    pynn_sim.run(20.0)
    (v,) = cells.get_data().segments[0].filter(name="v")
    assert v.t_start == 0.0 * pq.ms
    assert v.sampling_period == 0.1 * pq.ms
    assert v.shape == (201, 2)
    assert float(v.times[-1]) == pytest.approx(20.0)
    pynn_sim.end()


def test_sampling_interval_thins_signals(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(1, pynn_sim.IF_cond_exp(), label="cells")
    cells.record("v", sampling_interval=1.0)
    pynn_sim.run(10.0)
    (v,) = cells.get_data().segments[0].filter(name="v")
    assert v.sampling_period == 1.0 * pq.ms
    assert v.shape[0] in (10, 11)
    pynn_sim.end()


def test_write_data_round_trips_through_pickle(pynn_sim, tmp_path):
    cells = _driven_adex(pynn_sim)
    pynn_sim.run(30.0)
    path = tmp_path / "adex.pkl"
    cells.write_data(str(path))
    block = neo.io.PickleIO(str(path)).read_block()
    original = cells.get_data().segments[0]
    assert np.allclose(
        np.asarray(block.segments[0].spiketrains[0]),
        np.asarray(original.spiketrains[0]),
    )
    assert np.allclose(
        np.asarray(block.segments[0].filter(name="v")[0]),
        np.asarray(original.filter(name="v")[0]),
    )
    pynn_sim.end()


def test_record_to_file_is_written_at_end(pynn_sim, tmp_path):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(1, pynn_sim.IF_cond_exp(), label="cells")
    path = tmp_path / "spikes.pkl"
    cells.record("spikes", to_file=str(path))
    pynn_sim.run(5.0)
    pynn_sim.end()
    assert len(neo.io.PickleIO(str(path)).read_block().segments) == 1


@pytest.mark.filterwarnings("ignore:Full reset functionality:UserWarning")
def test_reset_starts_new_segment(pynn_sim):
    cells = _driven_adex(pynn_sim, **NEST_RESET)
    pynn_sim.run(40.0)
    pynn_sim.reset()
    assert pynn_sim.get_current_time() == 0.0
    pynn_sim.run(20.0)
    block = cells.get_data()
    assert [seg.name for seg in block.segments] == ["segment000", "segment001"]
    first, second = (seg.filter(name="v")[0] for seg in block.segments)
    assert first.shape == (401, 2) and second.shape == (201, 2)
    assert np.allclose(np.asarray(second)[0], np.asarray(first)[0])
    pynn_sim.end()


def test_reset_repeats_first_run_exactly():
    """After reset() adexlab replays the first run bit for bit (NEST only roughly)."""
    import adexlab.core.pynn as sim

    cells = _driven_adex(sim)
    sim.run(40.0)
    sim.reset()
    sim.run(40.0)
    first, second = cells.get_data().segments
    assert np.array_equal(
        np.asarray(first.spiketrains[0]), np.asarray(second.spiketrains[0])
    )
    assert np.array_equal(
        np.asarray(first.filter(name="w")[0]), np.asarray(second.filter(name="w")[0])
    )
    sim.end()


def test_get_data_clear_restarts_recording(pynn_sim):
    cells = _driven_adex(pynn_sim)
    pynn_sim.run(20.0)
    cells.get_data(clear=True)
    pynn_sim.run(10.0)
    segment = cells.get_data().segments[0]
    (v,) = segment.filter(name="v")
    assert float(v.t_start) == pytest.approx(20.0)
    assert np.all(np.asarray(segment.spiketrains[0]) > 20.0)
    pynn_sim.end()


def test_spike_counts_match_spiketrains(pynn_sim):
    cells = _driven_adex(pynn_sim)
    pynn_sim.run(60.0)
    counts = cells.get_spike_counts()
    trains = cells.get_data().segments[0].spiketrains
    assert [counts[int(i)] for i in cells.all_cells] == [len(st) for st in trains]
    pynn_sim.end()


def test_continued_runs_equal_one_long_run():
    """run(a) then run(b) records the same data as run(a + b)."""
    import adexlab.core.pynn as sim

    data = []
    for durations in ([60.0], [25.0, 35.0]):
        cells = _driven_adex(sim)
        for duration in durations:
            sim.run(duration)
        segment = cells.get_data().segments[0]
        data.append(
            (
                np.asarray(segment.spiketrains[0]),
                np.asarray(segment.filter(name="w")[0]),
            )
        )
        sim.end()
    assert np.array_equal(data[0][0], data[1][0])
    assert np.array_equal(data[0][1], data[1][1])


def test_recording_started_after_a_run_has_the_new_samples():
    """Recording v after a run needs no reset: samples start at the current time.

    adexlab only: pyNN.nest cannot connect a multimeter after a run. Samples
    before the recording started are NaN, as in a segment of pyNN.
    """
    import adexlab.core.pynn as pynn_sim

    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(2, pynn_sim.IF_cond_exp(i_offset=0.5), label="late")
    pynn_sim.run(10.0)
    cells.record("v")
    pynn_sim.run(10.0)
    v = cells.get_data().segments[0].analogsignals[0]
    pynn_sim.end()
    times = v.times.rescale(pq.ms).magnitude
    values = v.magnitude
    assert values.shape[1] == 2
    assert np.isnan(values[times < 10.0 - 1e-9]).all()
    assert np.isfinite(values[times > 10.0 - 1e-9]).all()
    assert times[-1] == pytest.approx(20.0)
