"""What the PyNN layer hands to the backend: description, forwarded changes, rebuilds.

These tests use a fake backend that logs calls, so they check the PyNN layer alone.
"""

import numpy as np
import pytest

from adexlab.core.pynn.simulator import state


def _network(sim):
    exc = sim.Population(4, sim.EIF_cond_exp_isfa_ista(), label="exc")
    inh = sim.Population(2, sim.IF_cond_exp(), label="inh")
    projection = sim.Projection(
        exc, inh, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=1.0)
    )
    source = sim.DCSource(amplitude=0.5, start=5.0, stop=50.0)
    exc.inject(source)
    exc.record(["spikes", "v"])
    return exc, inh, projection, source


def test_description_holds_populations_projections_sources(fake_sim):
    exc, inh, projection, source = _network(fake_sim)
    net = fake_sim.get_network()
    net.validate()
    assert [p.label for p in net.populations] == ["exc", "inh"]
    (described,) = net.projections
    assert described.connector.type == "FromListConnector"
    assert described.connector.pre.size == 8 and described.synapse.weight == 0.01
    assert net.current_sources[0].parameters["amplitude"] == 0.5
    assert {r.variables[0] for r in net.records} == {"spikes", "v"}


def test_description_round_trips_through_json(fake_sim):
    _network(fake_sim)
    net = fake_sim.get_network()
    assert type(net).from_json(net.to_json()).to_dict() == net.to_dict()


def test_projection_onto_assembly_splits_by_population(fake_sim):
    exc, inh, _, _ = _network(fake_sim)
    source = fake_sim.Population(3, fake_sim.SpikeSourcePoisson(rate=5.0), label="in")
    fake_sim.Projection(
        source,
        exc + inh,
        fake_sim.AllToAllConnector(),
        fake_sim.StaticSynapse(weight=0.002),
        label="drive",
    )
    net = fake_sim.get_network()
    split = {
        p.label: (p.post, p.connector.pre.size)
        for p in net.projections
        if p.label.startswith("drive")
    }
    assert split == {"drive[in->exc]": ("exc", 12), "drive[in->inh]": ("inh", 6)}


def test_parameter_set_after_run_is_forwarded(fake_sim, calls):
    exc, _, _, _ = _network(fake_sim)
    fake_sim.run(10.0)
    exc[1:3].set(tau_w=50.0)
    name, population, parameter, value, indices = calls()[-1]
    assert (name, population, parameter) == ("set_parameter", "exc", "tau_w")
    assert np.allclose(value, 50.0) and list(indices) == [1, 2]


def test_weights_set_after_run_are_forwarded(fake_sim, calls):
    _, _, projection, _ = _network(fake_sim)
    fake_sim.run(10.0)
    projection.set(weight=0.02, delay=2.0)
    forwarded = {call[0]: call[2] for call in calls()[-2:]}
    assert np.allclose(forwarded["set_weights"], 0.02)
    assert np.allclose(forwarded["set_delays"], 2.0)


def test_current_source_change_after_run_is_forwarded(fake_sim, calls):
    _, _, _, source = _network(fake_sim)
    fake_sim.run(10.0)
    source.amplitude = 0.8
    assert calls()[-1] == ("set_current_source", "dcsource", {"amplitude": 0.8})


def test_initialize_after_run_sets_state_and_survives_reset(fake_sim, calls):
    exc, _, _, _ = _network(fake_sim)
    fake_sim.run(10.0)
    exc.initialize(v=-60.0)
    assert calls()[-1] == ("set_state", "exc", "v")
    fake_sim.reset()
    assert calls()[-1] == ("set_state", "exc", "v")
    fake_sim.run(1.0)
    first_sample = exc.get_data().segments[-1].filter(name="v")[0][0]
    assert np.allclose(np.asarray(first_sample), -60.0)


def test_setup_passes_backend_options_and_ignores_foreign_ones(fake_sim):
    fake_sim.setup(
        timestep=0.1, backend="fake", profile="small", t_flush=100.0, rng_seed=7
    )
    fake_sim.Population(1, fake_sim.IF_cond_exp())
    fake_sim.run(1.0)
    assert state.simulation.seed == 7
    assert state.backend.options == {"profile": "small"}


@pytest.mark.parametrize(
    "change",
    [
        lambda sim, exc: sim.Population(2, sim.IF_cond_exp()),
        lambda sim, exc: sim.Projection(exc, exc, sim.OneToOneConnector()),
        lambda sim, exc: sim.DCSource(amplitude=0.1).inject_into(exc),
    ],
)
def test_structure_change_after_run_needs_reset(fake_sim, change):
    exc, _, _, _ = _network(fake_sim)
    fake_sim.run(10.0)
    with pytest.raises(NotImplementedError, match=r"call reset\(\) first"):
        change(fake_sim, exc)
    fake_sim.reset()
    change(fake_sim, exc)
    fake_sim.run(5.0)
    assert fake_sim.get_current_time() == pytest.approx(5.0)


def test_plasticity_parameters_after_run_are_forwarded(fake_sim):
    exc, inh, _, _ = _network(fake_sim)
    projection = fake_sim.Projection(
        exc, inh, fake_sim.AllToAllConnector(), fake_sim.TsodyksMarkramSynapse(U=0.2)
    )
    fake_sim.run(10.0)
    projection.set(U=0.4)
    calls = [c for c in state.simulation.calls if c[0] == "set_synapse_parameter"]
    assert calls and all(name == "U" for _, _, name, _ in calls)
    assert all(np.all(value == 0.4) for *_, value in calls)


def test_recording_more_cells_after_run_adds_a_record(fake_sim):
    exc, _, _, _ = _network(fake_sim)
    fake_sim.run(10.0)
    exc.record("w")
    calls = [c for c in state.simulation.calls if c[0] == "add_record"]
    assert [c[1].variables for c in calls] == [["w"]]
    assert fake_sim.get_current_time() == pytest.approx(10.0)
