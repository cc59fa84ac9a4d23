"""Populations, views and assemblies: parameters, initial values, recording."""

import numpy as np
import pytest


def test_population_view_slice_selects_cells(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(10, pynn_sim.IF_cond_exp(), label="cells")
    view = cells[3:7]
    assert view.size == 4
    assert list(view.all_cells) == list(cells.all_cells[3:7])
    assert view.grandparent is cells
    pynn_sim.end()


def test_population_view_set_changes_only_its_cells(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(10, pynn_sim.IF_cond_exp(), label="cells")
    cells[3:7].set(tau_m=12.0)
    expected = np.full(10, 20.0)
    expected[3:7] = 12.0
    assert np.allclose(cells.get("tau_m"), expected)
    assert np.allclose(cells[3:7].get("tau_m"), 12.0)
    pynn_sim.end()


def test_population_random_parameters_use_script_rng(pynn_sim, seed):
    pynn_sim.setup(timestep=0.1)
    distribution = pynn_sim.RandomDistribution(
        "uniform", (10.0, 30.0), rng=pynn_sim.NumpyRNG(seed=seed)
    )
    cells = pynn_sim.Population(20, pynn_sim.IF_curr_exp(tau_m=distribution))
    expected = pynn_sim.RandomDistribution(
        "uniform", (10.0, 30.0), rng=pynn_sim.NumpyRNG(seed=seed)
    ).next(20)
    assert np.allclose(cells.get("tau_m"), expected)
    pynn_sim.end()


def test_population_accepts_arrays_and_functions(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(4, pynn_sim.IF_curr_alpha(cm=[0.5, 0.6, 0.7, 0.8]))
    cells.set(tau_m=lambda i: 10.0 + i)
    assert np.allclose(cells.get("cm"), [0.5, 0.6, 0.7, 0.8])
    assert np.allclose(cells.get("tau_m"), [10.0, 11.0, 12.0, 13.0])
    pynn_sim.end()


def test_population_initialize_sets_first_sample(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(
        3, pynn_sim.EIF_cond_exp_isfa_ista(), label="cells", initial_values={"v": -60.0}
    )
    cells.initialize(v=np.array([-60.0, -60.0, -55.0]))
    cells.record("v")
    pynn_sim.run(1.0)
    v = cells.get_data().segments[0].filter(name="v")[0]
    assert np.allclose(np.asarray(v)[0], [-60.0, -60.0, -55.0])
    pynn_sim.end()


def test_population_view_records_only_its_cells(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(6, pynn_sim.IF_cond_exp(), label="cells")
    cells[1:3].record(["spikes", "v"])
    pynn_sim.run(2.0)
    segment = cells.get_data().segments[0]
    (v,) = segment.filter(name="v")
    assert v.shape == (21, 2)
    assert list(v.array_annotations["channel_index"]) == [1, 2]
    assert [st.annotations["source_index"] for st in segment.spiketrains] == [1, 2]
    pynn_sim.end()


def test_assembly_records_and_sets_members(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    exc = pynn_sim.Population(3, pynn_sim.IF_cond_exp(), label="exc")
    inh = pynn_sim.Population(2, pynn_sim.IF_cond_exp(), label="inh")
    both = exc + inh
    both.set(i_offset=0.1)
    both.record("v")
    pynn_sim.run(2.0)
    (v,) = both.get_data().segments[0].filter(name="v")
    assert v.shape == (21, 5)
    assert np.allclose(inh.get("i_offset"), 0.1)
    pynn_sim.end()


def test_population_set_after_run_takes_effect(pynn_sim):
    """A parameter changed between runs drives the running simulation."""
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(2, pynn_sim.IF_curr_exp(), label="cells")
    cells.record("spikes")
    pynn_sim.run(50.0)
    cells[0:1].set(i_offset=2.0)
    pynn_sim.run(50.0)
    trains = cells.get_data().segments[0].spiketrains
    assert len(trains[0]) > 0 and np.all(np.asarray(trains[0]) > 50.0)
    assert len(trains[1]) == 0
    pynn_sim.end()


@pytest.mark.parametrize("variable", ["w", "gsyn_exc", "gsyn_inh"])
def test_population_records_adex_state(pynn_sim, variable):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(1, pynn_sim.EIF_cond_alpha_isfa_ista(), label="adex")
    cells.record(variable)
    pynn_sim.run(3.0)
    (signal,) = cells.get_data().segments[0].filter(name=variable)
    assert signal.shape == (31, 1)
    assert str(signal.units.dimensionality) == {"w": "nA"}.get(variable, "uS")
    pynn_sim.end()


def test_population_accepts_lazyarrays(pynn_sim):
    from lazyarray import larray

    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(4, pynn_sim.IF_cond_exp(cm=larray(np.full(4, 0.5))))
    cells.set(v_thresh=larray(-50.0) + 2.0)
    cells.set(tau_refrac=larray(lambda i: 1.0 + i, shape=(4,)))
    assert np.allclose(cells.get("cm"), 0.5)
    assert np.allclose(cells.get("v_thresh"), -48.0)
    assert np.allclose(cells.get("tau_refrac"), [1.0, 2.0, 3.0, 4.0])
    pynn_sim.end()


def test_grid_population_wires_by_distance(pynn_sim, seed):
    pynn_sim.setup(timestep=0.1)
    grid = pynn_sim.space.Grid2D(aspect_ratio=1.0, dx=1.0, dy=1.0)
    cells = pynn_sim.Population(25, pynn_sim.IF_cond_exp(), structure=grid)
    connector = pynn_sim.DistanceDependentProbabilityConnector(
        "d < 1.1", allow_self_connections=False, rng=pynn_sim.NumpyRNG(seed)
    )
    projection = pynn_sim.Projection(cells, cells, connector)
    assert projection.size() == 2 * (2 * 5 * 4), "each grid edge, both directions"
    pynn_sim.end()
