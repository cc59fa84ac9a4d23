"""The simulator backend: build, chunked runs, reproducibility, run-time changes."""

import os
import time

import numpy as np
import pytest

from adexlab.core import (
    BuildError,
    CurrentSource,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    Network,
    OneToOneConnector,
    ParameterError,
    Population,
    PrecisionWarning,
    Projection,
    RandomValue,
    Record,
    SimulationError,
    Synapse,
    Target,
)
from adexlab.core.backends import Backend, Simulation, get_backend, register_backend
from adexlab.core.backends.simulator import NS_PER_US, SimulatorBackend

SHORT = os.environ.get("NUMBA_DISABLE_JIT") == "1"

#: Build of the 4000-neuron, 320 000-synapse COBA network must stay well below 1 s.
COBA_BUILD_LIMIT_S = 1.0


pytestmark = pytest.mark.filterwarnings("ignore:.*delays rounded:UserWarning")


def _mixed_network(seed, n=40):
    """Every cell type, Poisson and array sources, static and TM synapses, noise."""
    net = Network(seed=seed)
    cells = [
        "IF_curr_exp",
        "IF_curr_alpha",
        "IF_cond_exp",
        "IF_cond_alpha",
        "EIF_cond_exp_isfa_ista",
        "EIF_cond_alpha_isfa_ista",
    ]
    v_init = RandomValue("uniform", {"low": -70.0, "high": -55.0})
    for cell in cells:
        net.add(Population(cell, n, cell, initial_values={"v": v_init}))
    net.add(Population("poisson", n, "SpikeSourcePoisson", parameters={"rate": 80.0}))
    net.add(
        Population(
            "array",
            2,
            "SpikeSourceArray",
            parameters={"spike_times": np.arange(1.0, 200.0, 7.0)},
        )
    )
    for cell in cells:
        conductance = "cond" in cell
        net.add(
            Projection(
                f"poisson_{cell}",
                "poisson",
                cell,
                FixedProbabilityConnector(0.3),
                Synapse(
                    weight=0.01 if conductance else 0.5,
                    delay=RandomValue("uniform", {"low": 0.1, "high": 3.0}),
                ),
            )
        )
        net.add(
            Projection(
                f"tm_{cell}",
                "array",
                cell,
                FixedProbabilityConnector(0.5),
                Synapse(
                    "TsodyksMarkramSynapse",
                    weight=0.005 if conductance else -0.2,
                    delay=1.0,
                    parameters={"U": 0.5, "tau_rec": 50.0, "tau_facil": 20.0},
                ),
                receptor_type="inhibitory",
            )
        )
        net.add(Record(cell, ["spikes", "v"], indices=[0, 3], sampling_interval=0.5))
    net.add(
        Projection(
            "recurrent",
            "IF_cond_exp",
            "EIF_cond_exp_isfa_ista",
            FixedProbabilityConnector(0.2),
            Synapse(weight=0.02, delay=0.7),
        )
    )
    net.add(
        CurrentSource(
            "noise",
            "NoisyCurrentSource",
            {"mean": 0.3, "stdev": 0.2, "dt": 1.0, "start": 5.0},
            [Target("IF_curr_exp"), Target("EIF_cond_alpha_isfa_ista")],
        )
    )
    net.add(
        CurrentSource(
            "dc",
            "DCSource",
            {"amplitude": 0.4, "start": 10.0, "stop": 150.0},
            [Target("IF_cond_alpha", [1, 2, 3])],
        )
    )
    net.add(Record("poisson", ["spikes"]))
    return net


def _assert_same_recording(a, b):
    assert a.spikes.keys() == b.spikes.keys()
    for label in a.spikes:
        np.testing.assert_array_equal(a.spikes[label][0], b.spikes[label][0])
        np.testing.assert_array_equal(a.spikes[label][1], b.spikes[label][1])
    for key in a.signals:
        np.testing.assert_array_equal(a.signals[key].times, b.signals[key].times)
        np.testing.assert_array_equal(a.signals[key].values, b.signals[key].values)


def test_get_backend_returns_simulator_and_rejects_unknown():
    assert isinstance(get_backend("simulator"), SimulatorBackend)
    with pytest.raises(BuildError, match="known backends: .*simulator"):
        get_backend("no-such-backend")


def test_register_backend_adds_a_backend_by_name():
    class Echo(Backend):
        name = "echo"

        def build(self, network, *, dt=0.1, seed=None):
            return network

    register_backend("echo", Echo)
    assert isinstance(get_backend("echo"), Echo)


def test_simulator_is_a_simulation():
    net = Network(populations=[Population("p", 2, "IF_cond_exp")])
    assert isinstance(get_backend("simulator").build(net), Simulation)


def test_simulator_run_split_is_bit_identical(seed):
    """run(a) + run(b) gives exactly the data of run(a + b)."""
    duration = 40.0 if SHORT else 200.0
    whole = get_backend().build(_mixed_network(seed)).run(duration)
    sim = get_backend().build(_mixed_network(seed))
    parts = sim.run(0.3)
    for piece in (duration * 0.25 - 0.3, 0.1, duration * 0.75 - 0.1):
        parts = parts.merge(sim.run(round(piece, 10)))
    assert sim.t == pytest.approx(duration)
    _assert_same_recording(whole, parts)
    assert whole.spikes["poisson"][0].size > 0


def test_simulator_reset_reproduces_first_run(seed):
    sim = get_backend().build(_mixed_network(seed))
    first = sim.run(30.0)
    sim.reset()
    assert sim.t == 0.0
    _assert_same_recording(first, sim.run(30.0))


def test_simulator_same_seed_same_result_other_seed_differs(seed):
    a = get_backend().build(_mixed_network(seed)).run(30.0)
    b = get_backend().build(_mixed_network(seed)).run(30.0)
    c = get_backend().build(_mixed_network(seed), seed=seed + 1).run(30.0)
    _assert_same_recording(a, b)
    assert not np.array_equal(a.spikes["poisson"][0], c.spikes["poisson"][0])


def test_simulator_small_chunks_match_large(monkeypatch, seed):
    """Internal sub-chunking (and a tiny spike buffer) does not change the result."""
    from adexlab.core.backends import simulator

    whole = get_backend().build(_mixed_network(seed)).run(60.0)
    monkeypatch.setattr(simulator, "MAX_CHUNK_STEPS", 37)
    sim = get_backend().build(_mixed_network(seed))
    sim._spk_step = sim._spk_step[:300]
    sim._spk_index = sim._spk_index[:300]
    _assert_same_recording(whole, sim.run(60.0))


def test_recording_samples_include_both_ends_like_pynn_nest():
    """First run samples 0..t_stop inclusive; the next run (t_start, t_stop]."""
    net = Network(
        populations=[Population("p", 2, "IF_cond_exp")],
        records=[Record("p", ["v", "gsyn_exc"], sampling_interval=0.5)],
    )
    sim = get_backend().build(net, dt=0.1)
    first = sim.run(10.0).signals[("p", "v")]
    np.testing.assert_allclose(first.times, np.arange(0.0, 10.01, 0.5))
    assert first.values.shape == (21, 2)
    second = sim.run(5.0).signals[("p", "v")]
    np.testing.assert_allclose(second.times, np.arange(10.5, 15.01, 0.5))


def test_poisson_source_rate_is_right(seed):
    """Mean count of a 50 Hz source over 2 s is within 4 standard errors."""
    n, rate, duration = 200, 50.0, 400.0 if SHORT else 2000.0
    net = Network(
        seed=seed,
        populations=[
            Population(
                "p", n, "SpikeSourcePoisson", parameters={"rate": rate, "start": 100.0}
            )
        ],
        records=[Record("p", ["spikes"])],
    )
    times, _ = get_backend().build(net).run(duration).spikes["p"]
    expected = n * rate * (duration - 100.0) / 1000.0
    assert abs(times.size - expected) < 4 * np.sqrt(expected)
    assert times.min() > 100.0


def test_parameter_change_between_runs_takes_effect():
    """Raising i_offset between runs makes a silent neuron fire, without rebuild."""
    net = Network(
        populations=[Population("p", 3, "IF_curr_exp")],
        records=[Record("p", ["spikes"])],
    )
    sim = get_backend().build(net)
    assert sim.run(50.0).spikes["p"][0].size == 0
    sim.set_parameter("p", "i_offset", 2.0, indices=[1])
    np.testing.assert_array_equal(sim.get_parameter("p", "i_offset"), [0.0, 2.0, 0.0])
    _, ids = sim.run(50.0).spikes["p"]
    assert ids.size > 0 and set(ids.tolist()) == {1}


def test_tau_m_change_updates_propagators():
    net = Network(
        populations=[Population("p", 1, "IF_curr_exp", parameters={"i_offset": 1.0})],
        records=[Record("p", ["spikes"])],
    )
    sim = get_backend().build(net)
    slow = sim.run(100.0).spikes["p"][0].size
    sim.set_parameter("p", "cm", 2.0)  # same tau_m, half the input resistance
    sim.reset()
    assert 0 < slow and sim.run(100.0).spikes["p"][0].size == 0


def test_set_parameter_rejects_out_of_range_value():
    net = Network(populations=[Population("p", 2, "IF_cond_exp")])
    sim = get_backend().build(net)
    with pytest.raises(ParameterError, match="tau_m"):
        sim.set_parameter("p", "tau_m", -1.0)
    with pytest.raises(ParameterError, match="v_reset"):
        sim.set_parameter("p", "v_reset", 0.0)
    with pytest.raises(ParameterError, match="not a parameter"):
        sim.set_parameter("p", "bogus", 1.0)


def test_adex_a_is_converted_from_ns_once():
    net = Network(
        populations=[
            Population("p", 1, "EIF_cond_exp_isfa_ista", parameters={"a": 4.0})
        ]
    )
    sim = get_backend().build(net)
    assert sim.get_parameter("p", "a")[0] == 4.0
    assert sim._params[7, 0] == pytest.approx(4.0 / NS_PER_US)


def test_weights_change_between_runs(seed):
    net = Network(seed=seed)
    net.add(
        Population(
            "src",
            1,
            "SpikeSourceArray",
            parameters={"spike_times": np.array([5.0, 45.0])},
        )
    )
    net.add(Population("cell", 1, "IF_cond_exp"))
    net.add(Projection("p", "src", "cell", OneToOneConnector(), Synapse(weight=0.01)))
    net.add(Record("cell", ["gsyn_exc"]))
    sim = get_backend().build(net)
    first = sim.run(40.0).signals[("cell", "gsyn_exc")].values.max()
    sim.set_weights("p", 0.03)
    np.testing.assert_array_equal(sim.get_weights("p"), [0.03])
    second = sim.run(40.0).signals[("cell", "gsyn_exc")].values.max()
    assert first == pytest.approx(0.01) and second == pytest.approx(0.03, rel=1e-3)
    with pytest.raises(ParameterError, match="weight"):
        sim.set_weights("p", -0.1)


def test_set_delays_beyond_ring_buffer_keeps_pending_spikes():
    """Growing the longest delay mid-run keeps spikes already in flight."""
    net = Network()
    net.add(
        Population(
            "src",
            2,
            "SpikeSourceArray",
            parameters={"spike_times": [np.array([1.0]), np.array([9.0])]},
        )
    )
    net.add(Population("cell", 2, "IF_curr_exp", parameters={"v_thresh": 100.0}))
    net.add(
        Projection(
            "p", "src", "cell", OneToOneConnector(), Synapse(weight=1.0, delay=1.5)
        )
    )
    net.add(Record("cell", ["v"]))
    sim = get_backend().build(net)
    sim.run(2.0)  # the first spike is in flight until 2.5 ms
    sim.set_delays("p", np.array([1.5, 10.0]))
    signal = sim.run(30.0).signals[("cell", "v")]
    moved = [
        signal.times[np.flatnonzero(signal.values[:, i] != -65.0)[0]] for i in range(2)
    ]
    assert moved == pytest.approx([2.6, 19.1])
    np.testing.assert_allclose(sim.get_delays("p"), [1.5, 10.0])


def test_delays_off_grid_warn():
    net = Network(
        populations=[Population("a", 2, "IF_cond_exp")],
        projections=[
            Projection(
                "p", "a", "a", OneToOneConnector(), Synapse(weight=0.01, delay=0.25)
            )
        ],
    )
    with pytest.warns(PrecisionWarning, match="delays rounded"):
        get_backend().build(net)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_divergence_raises_simulation_error_naming_neuron():
    """A non-finite state after a chunk raises, naming population and neuron.

    Validated inputs keep every kernel finite, so the test corrupts the state
    array directly, as a kernel bug would.
    """
    net = Network(
        populations=[
            Population("inh", 2, "IF_cond_exp"),
            Population("exc", 3, "EIF_cond_exp_isfa_ista"),
        ]
    )
    sim = get_backend().build(net)
    sim._state[1, 2 + 2] = np.inf  # w of neuron 2 of 'exc'
    with pytest.raises(SimulationError, match="Population 'exc', neuron 2"):
        sim.run(1.0)


def test_set_state_rejects_non_finite_values():
    net = Network(populations=[Population("p", 2, "IF_curr_exp")])
    with pytest.raises(ParameterError, match="finite"):
        get_backend().build(net).set_state("p", "v", np.array([0.0, np.nan]))


def test_get_and_set_state_roundtrip():
    net = Network(populations=[Population("p", 3, "EIF_cond_exp_isfa_ista")])
    sim = get_backend().build(net)
    sim.set_state("p", "w", np.array([0.1, 0.2, 0.3]))
    np.testing.assert_array_equal(sim.get_state("p", "w"), [0.1, 0.2, 0.3])
    np.testing.assert_allclose(sim.get_state("p", "v"), -70.6)
    with pytest.raises(ParameterError, match="not a state variable"):
        sim.get_state("p", "u")


def test_dc_source_amplitude_change_between_runs():
    net = Network(
        populations=[Population("p", 1, "IF_curr_exp")],
        current_sources=[
            CurrentSource("dc", "DCSource", {"amplitude": 0.0}, [Target("p")])
        ],
        records=[Record("p", ["spikes"])],
    )
    sim = get_backend().build(net)
    assert sim.run(50.0).spikes["p"][0].size == 0
    sim.set_current_source("dc", amplitude=3.0)
    assert sim.run(50.0).spikes["p"][0].size > 0
    with pytest.raises(BuildError, match="no current source"):
        sim.set_current_source("nope", amplitude=1.0)


@pytest.mark.reference
@pytest.mark.parametrize(
    "source_type, parameters",
    [
        ("DCSource", {"amplitude": 0.5, "start": 20.0, "stop": 80.0}),
        (
            "StepCurrentSource",
            {
                "times": np.array([10.0, 30.0, 50.0, 52.0]),
                "amplitudes": np.array([0.4, -0.2, 0.8, 0.1]),
            },
        ),
        (
            "ACSource",
            {
                "amplitude": 0.5,
                "offset": 0.1,
                "frequency": 40.0,
                "phase": 30.0,
                "start": 15.0,
                "stop": 70.0,
            },
        ),
    ],
)
def test_current_source_timing_matches_pynn_nest(source_type, parameters):
    """The membrane trace under a current source equals pyNN.nest's (exact LIF)."""
    sim_nest = pytest.importorskip("pyNN.nest")
    p = {
        "cm": 0.25,
        "tau_m": 10.0,
        "v_rest": -65.0,
        "v_thresh": -40.0,
        "tau_refrac": 2.0,
        "v_reset": -70.0,
    }
    sim_nest.setup(timestep=0.1, min_delay=0.1)
    cells = sim_nest.Population(
        1, sim_nest.IF_curr_exp(**p), initial_values={"v": -65.0}
    )
    cells.record("v")
    getattr(sim_nest, source_type)(**parameters).inject_into(cells)
    sim_nest.run(100.0)
    expected = cells.get_data().segments[0].analogsignals[0].magnitude[:, 0]
    sim_nest.end()
    net = Network(
        populations=[Population("c", 1, "IF_curr_exp", parameters=p)],
        current_sources=[CurrentSource("s", source_type, parameters, [Target("c")])],
        records=[Record("c", ["v"])],
    )
    ours = get_backend().build(net).run(100.0).signals[("c", "v")].values[:, 0]
    np.testing.assert_allclose(ours, expected, atol=1e-9)


def test_noisy_current_source_is_seeded_and_chunk_invariant(seed):
    net = Network(
        seed=seed,
        populations=[Population("p", 4, "IF_curr_exp")],
        current_sources=[
            CurrentSource(
                "n",
                "NoisyCurrentSource",
                {"mean": 0.5, "stdev": 1.0, "dt": 0.3},
                [Target("p")],
            )
        ],
        records=[Record("p", ["v"])],
    )
    whole = get_backend().build(net).run(20.0)
    sim = get_backend().build(net)
    parts = sim.run(7.7).merge(sim.run(12.3))
    _assert_same_recording(whole, parts)
    v = whole.signals[("p", "v")].values
    assert not np.allclose(v[:, 0], v[:, 1])


def _coba(n=4000):
    n_exc = n * 4 // 5
    p = {
        "cm": 0.2,
        "tau_m": 20.0,
        "v_rest": -60.0,
        "v_thresh": -50.0,
        "v_reset": -60.0,
        "tau_refrac": 5.0,
        "e_rev_E": 0.0,
        "e_rev_I": -80.0,
        "tau_syn_E": 5.0,
        "tau_syn_I": 10.0,
        "i_offset": 0.2,
    }
    v_init = {"v": RandomValue("uniform", {"low": -60.0, "high": -50.0})}
    net = Network(seed=5)
    net.add(
        Population("exc", n_exc, "IF_cond_exp", parameters=p, initial_values=v_init)
    )
    net.add(
        Population("inh", n - n_exc, "IF_cond_exp", parameters=p, initial_values=v_init)
    )
    for pre, weight, receptor, k in (
        ("exc", 0.004, "excitatory", n // 50 * 4 // 5),
        ("inh", 0.051, "inhibitory", n // 50 // 5),
    ):
        for post in ("exc", "inh"):
            net.add(
                Projection(
                    f"{pre}_{post}",
                    pre,
                    post,
                    FixedNumberPreConnector(k, with_replacement=True),
                    Synapse(weight=weight, delay=0.1),
                    receptor_type=receptor,
                )
            )
    net.add(Record("exc", ["spikes"]))
    return net


@pytest.mark.slow
def test_coba_builds_fast_and_fires():
    """COBA (4000 neurons, 320 000 synapses) builds in well under a second."""
    if SHORT:
        pytest.skip("timing needs compiled kernels")
    net = _coba()
    get_backend().build(net)  # compile the propagator kernel once
    started = time.perf_counter()
    sim = get_backend().build(net)
    assert time.perf_counter() - started < COBA_BUILD_LIMIT_S
    assert sim.memory_bytes()["static_synapses"] / 320_000 <= 19.0
    times, _ = sim.run(500.0).spikes["exc"]
    assert 5.0 < times.size / 3200 / 0.5 < 40.0


def test_poisson_spikes_do_not_depend_on_other_populations(seed):
    """Adding a population leaves another Poisson population's spikes unchanged."""

    def spikes(extra):
        net = Network(seed=seed)
        if extra:
            net.add(Population("other", 7, "SpikeSourcePoisson", {"rate": 30.0}))
        net.add(Population("p", 5, "SpikeSourcePoisson", {"rate": 100.0}))
        net.add(Record("p", ["spikes"]))
        return get_backend().build(net).run(100.0).spikes["p"]

    alone, with_other = spikes(False), spikes(True)
    np.testing.assert_array_equal(alone[0], with_other[0])
    np.testing.assert_array_equal(alone[1], with_other[1])


def test_spike_times_change_between_runs_for_some_sources():
    net = Network(
        populations=[
            Population("src", 3, "SpikeSourceArray", {"spike_times": np.array([1.0])})
        ],
        records=[Record("src", ["spikes"])],
    )
    sim = get_backend().build(net)
    sim.run(5.0)
    sim.set_parameter("src", "spike_times", [np.array([6.0, 8.0])], indices=[2])
    times, ids = sim.run(10.0).spikes["src"]
    np.testing.assert_allclose(times, [6.0, 8.0])
    np.testing.assert_array_equal(ids, [2, 2])
    with pytest.raises(ParameterError, match="sorted"):
        sim.set_parameter("src", "spike_times", np.array([3.0, 2.0]))
