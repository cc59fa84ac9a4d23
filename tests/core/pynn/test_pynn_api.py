"""The PyNN API of adexlab.core.pynn, run unchanged on adexlab and on pyNN.nest."""

import numpy as np
import pytest

# PyNN 0.13 marks its procedural functions (create, connect, initialize) deprecated;
# scripts still use them, so the backend must provide them.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated:DeprecationWarning")

#: Names an ordinary PyNN script uses; each must exist on every backend.
API_NAMES = [
    "setup",
    "end",
    "run",
    "run_until",
    "run_for",
    "reset",
    "initialize",
    "get_current_time",
    "get_time_step",
    "get_min_delay",
    "get_max_delay",
    "num_processes",
    "rank",
    "list_standard_models",
    "create",
    "connect",
    "record",
    "Population",
    "PopulationView",
    "Assembly",
    "Projection",
    "Space",
    "NumpyRNG",
    "RandomDistribution",
    "AllToAllConnector",
    "OneToOneConnector",
    "FixedProbabilityConnector",
    "FixedNumberPreConnector",
    "FixedNumberPostConnector",
    "FromListConnector",
    "DistanceDependentProbabilityConnector",
    "EIF_cond_exp_isfa_ista",
    "EIF_cond_alpha_isfa_ista",
    "IF_cond_exp",
    "IF_cond_alpha",
    "IF_curr_exp",
    "IF_curr_alpha",
    "SpikeSourcePoisson",
    "SpikeSourceArray",
    "DCSource",
    "StepCurrentSource",
    "ACSource",
    "NoisyCurrentSource",
    "StaticSynapse",
    "TsodyksMarkramSynapse",
]

CELL_TYPES = [
    "EIF_cond_exp_isfa_ista",
    "EIF_cond_alpha_isfa_ista",
    "IF_cond_exp",
    "IF_cond_alpha",
    "IF_curr_exp",
    "IF_curr_alpha",
]


@pytest.mark.parametrize("name", API_NAMES)
def test_pynn_backend_defines_api_name(pynn_sim, name):
    assert hasattr(pynn_sim, name)


def test_pynn_state_queries_after_setup(pynn_sim):
    assert pynn_sim.setup(timestep=0.1, min_delay=0.2) == 0
    assert pynn_sim.get_time_step() == pytest.approx(0.1)
    assert pynn_sim.get_min_delay() == pytest.approx(0.2)
    assert pynn_sim.get_max_delay() >= 0.2
    assert pynn_sim.get_current_time() == 0.0
    assert pynn_sim.num_processes() == 1
    assert pynn_sim.rank() == 0
    pynn_sim.end()


def test_pynn_lists_every_standard_cell_type(pynn_sim):
    assert set(CELL_TYPES + ["SpikeSourcePoisson", "SpikeSourceArray"]) <= set(
        pynn_sim.list_standard_models()
    )


@pytest.mark.parametrize("cell_type", CELL_TYPES)
def test_pynn_cell_type_runs_and_records(pynn_sim, cell_type):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(2, getattr(pynn_sim, cell_type)(), label="cells")
    cells.record(["spikes", "v"])
    pynn_sim.run(5.0)
    block = cells.get_data()
    (v,) = block.segments[0].filter(name="v")
    assert v.shape == (51, 2)
    assert np.allclose(np.asarray(v)[0], cells.get("v_rest"))
    pynn_sim.end()


def test_pynn_run_until_and_run_for_advance_time(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    pynn_sim.Population(1, pynn_sim.IF_cond_exp())
    pynn_sim.run_until(10.0)
    pynn_sim.run_for(5.0)
    assert pynn_sim.get_current_time() == pytest.approx(15.0)
    pynn_sim.end()


def test_pynn_procedural_api_builds_network(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    sources = pynn_sim.create(pynn_sim.SpikeSourceArray(spike_times=[1.0]), n=2)
    cells = pynn_sim.create(pynn_sim.IF_cond_exp(), n=3)
    projection = pynn_sim.connect(sources, cells, weight=0.01, delay=1.0, p=1.0)
    pynn_sim.initialize(cells, v=-60.0)
    assert len(projection) == 6
    assert np.allclose(cells.get("tau_m"), 20.0)
    pynn_sim.run(2.0)
    pynn_sim.end()


def test_pynn_current_sources_inject_into_cells(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(4, pynn_sim.IF_curr_exp(), label="cells")
    pynn_sim.DCSource(amplitude=0.5, start=1.0, stop=8.0).inject_into(cells[0:1])
    pynn_sim.StepCurrentSource(times=[1.0, 4.0], amplitudes=[0.3, 0.0]).inject_into(
        cells[1:2]
    )
    cells[2:3].inject(pynn_sim.ACSource(amplitude=0.2, offset=0.1, frequency=50.0))
    pynn_sim.NoisyCurrentSource(mean=0.1, stdev=0.1, dt=1.0).inject_into([cells[3]])
    cells.record("v")
    pynn_sim.run(10.0)
    v = np.asarray(cells.get_data().segments[0].filter(name="v")[0])
    assert np.all(v[-1, :3] > -65.0 + 1e-3), "every driven cell depolarises"
    pynn_sim.end()
