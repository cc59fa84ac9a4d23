"""Projections: connectors, weights and delays, synapse types."""

import numpy as np
import pytest


def _two_populations(sim, n_pre=4, n_post=5):
    sim.setup(timestep=0.1)
    pre = sim.Population(n_pre, sim.IF_cond_exp(), label="pre")
    post = sim.Population(n_post, sim.IF_cond_exp(), label="post")
    return pre, post


@pytest.mark.parametrize(
    ("connector", "expected"),
    [
        (lambda sim: sim.AllToAllConnector(), 20),
        (lambda sim: sim.OneToOneConnector(), 4),
        (lambda sim: sim.FixedNumberPreConnector(2, rng=sim.NumpyRNG(1)), 10),
        (lambda sim: sim.FixedNumberPostConnector(3, rng=sim.NumpyRNG(1)), 12),
        (lambda sim: sim.FromListConnector([(0, 1), (3, 4), (2, 2)]), 3),
        (lambda sim: sim.FixedProbabilityConnector(1.0), 20),
        (lambda sim: sim.DistanceDependentProbabilityConnector("d < 1.5"), 11),
    ],
)
def test_projection_connector_makes_expected_count(pynn_sim, connector, expected):
    pre, post = _two_populations(pynn_sim, n_pre=4, n_post=5 if expected != 4 else 4)
    projection = pynn_sim.Projection(
        pre, post, connector(pynn_sim), pynn_sim.StaticSynapse(weight=0.01, delay=0.5)
    )
    assert projection.size() == expected
    pynn_sim.end()


def test_projection_self_connections_can_be_excluded(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    cells = pynn_sim.Population(5, pynn_sim.IF_cond_exp())
    projection = pynn_sim.Projection(
        cells, cells, pynn_sim.AllToAllConnector(allow_self_connections=False)
    )
    pairs = np.array(projection.get("weight", format="list"))[:, :2]
    assert len(pairs) == 20 and not np.any(pairs[:, 0] == pairs[:, 1])
    pynn_sim.end()


def test_projection_weights_round_trip(pynn_sim):
    pre, post = _two_populations(pynn_sim)
    projection = pynn_sim.Projection(
        pre,
        post,
        pynn_sim.AllToAllConnector(),
        pynn_sim.StaticSynapse(weight=0.01, delay=1.0),
    )
    weights = np.arange(20, dtype=float).reshape(4, 5) * 1e-3
    projection.set(weight=weights)
    assert np.allclose(projection.get("weight", format="array"), weights)
    projection.set(delay=2.0)
    assert np.allclose(projection.get("delay", format="array"), 2.0)
    pynn_sim.end()


def test_projection_list_format_has_indices_and_values(pynn_sim):
    pre, post = _two_populations(pynn_sim)
    projection = pynn_sim.Projection(
        pre,
        post,
        pynn_sim.FromListConnector(
            [(0, 1, 0.02, 1.5), (3, 4, 0.03, 2.0)], column_names=["weight", "delay"]
        ),
    )
    connections = sorted(projection.get(["weight", "delay"], format="list"))
    assert np.allclose(connections, [(0, 1, 0.02, 1.5), (3, 4, 0.03, 2.0)])
    pynn_sim.end()


def test_projection_between_views_uses_parent_indices(pynn_sim):
    pre, post = _two_populations(pynn_sim, 6, 6)
    projection = pynn_sim.Projection(
        pre[2:4],
        post[[0, 5]],
        pynn_sim.OneToOneConnector(),
        pynn_sim.StaticSynapse(weight=0.01),
    )
    weights = projection.get("weight", format="array")
    assert weights.shape == (2, 2)
    assert np.allclose(np.diag(weights), 0.01)
    pynn_sim.end()


def test_projection_random_weights_use_script_rng(pynn_sim, seed):
    pre, post = _two_populations(pynn_sim)
    weight = pynn_sim.RandomDistribution(
        "uniform", (0.01, 0.02), rng=pynn_sim.NumpyRNG(seed=seed)
    )
    projection = pynn_sim.Projection(
        pre, post, pynn_sim.AllToAllConnector(), pynn_sim.StaticSynapse(weight=weight)
    )
    weights = np.array(projection.get("weight", format="list", with_address=False))
    assert np.all((weights >= 0.01) & (weights <= 0.02))
    assert np.unique(weights).size == 20
    pynn_sim.end()


def test_projection_tsodyks_markram_synapse_runs(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    source = pynn_sim.Population(
        1, pynn_sim.SpikeSourceArray(spike_times=[5.0, 10.0, 15.0, 20.0])
    )
    cell = pynn_sim.Population(1, pynn_sim.IF_cond_exp(), label="cell")
    synapse = pynn_sim.TsodyksMarkramSynapse(
        weight=0.01, delay=1.0, U=0.5, tau_rec=500.0
    )
    projection = pynn_sim.Projection(
        source, cell, pynn_sim.AllToAllConnector(), synapse
    )
    assert np.allclose(projection.get("U", format="array"), 0.5)
    cell.record("gsyn_exc")
    pynn_sim.run(30.0)
    g = np.asarray(cell.get_data().segments[0].filter(name="gsyn_exc")[0])[:, 0]
    peaks = [g[int(t / 0.1) + 11] for t in (5.0, 10.0)]
    assert peaks[1] < peaks[0] + g[int(10.0 / 0.1)], "the second spike is depressed"
    pynn_sim.end()


def test_projection_inhibitory_receptor_lowers_voltage(pynn_sim):
    pynn_sim.setup(timestep=0.1)
    source = pynn_sim.Population(1, pynn_sim.SpikeSourceArray(spike_times=[2.0]))
    cell = pynn_sim.Population(1, pynn_sim.IF_cond_exp(), label="cell")
    pynn_sim.Projection(
        source,
        cell,
        pynn_sim.AllToAllConnector(),
        pynn_sim.StaticSynapse(weight=0.05, delay=1.0),
        receptor_type="inhibitory",
    )
    cell.record("v")
    pynn_sim.run(10.0)
    v = np.asarray(cell.get_data().segments[0].filter(name="v")[0])[:, 0]
    assert v.min() < -65.5
    pynn_sim.end()


def test_projection_set_accepts_one_value_per_connection(pynn_sim):
    pre, post = _two_populations(pynn_sim, 2, 2)
    projection = pynn_sim.Projection(
        pre, post, pynn_sim.AllToAllConnector(), pynn_sim.StaticSynapse(weight=0.01)
    )
    projection.set(weight=[0.1, 0.2, 0.3, 0.4])
    assert np.allclose(
        projection.get("weight", format="array"), [[0.1, 0.2], [0.3, 0.4]]
    )
    pynn_sim.end()


def test_projection_connections_expose_weights(pynn_sim):
    pre, post = _two_populations(pynn_sim, 2, 3)
    projection = pynn_sim.Projection(
        pre,
        post,
        pynn_sim.AllToAllConnector(),
        pynn_sim.StaticSynapse(weight=0.01, delay=1.5),
    )
    connections = list(projection.connections)
    assert len(connections) == 6
    assert all(c.weight == pytest.approx(0.01) for c in connections)
    assert all(c.delay == pytest.approx(1.5) for c in connections)
    pynn_sim.end()
