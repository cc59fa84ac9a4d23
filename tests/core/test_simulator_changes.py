"""Changes to a built simulation between runs: synapse parameters and Records."""

import numpy as np
import pytest

from adexlab.core import (
    Network,
    OneToOneConnector,
    ParameterError,
    Population,
    Projection,
    Record,
    Synapse,
)
from adexlab.core.backends import get_backend

#: Spikes 50 ms apart, so depression has mostly recovered with tau_rec = 10 ms.
SPIKE_TIMES = np.array([5.0, 55.0, 105.0])


def _tsodyks_network(u=0.5, tau_rec=800.0):
    net = Network(seed=3)
    net.add(
        Population(
            "src", 1, "SpikeSourceArray", parameters={"spike_times": SPIKE_TIMES}
        )
    )
    net.add(Population("cell", 1, "IF_curr_exp", parameters={"tau_syn_E": 2.0}))
    synapse = Synapse(
        type="TsodyksMarkramSynapse",
        weight=1.0,
        delay=1.0,
        parameters={"U": u, "tau_rec": tau_rec, "tau_facil": 0.0},
    )
    net.add(Projection("tm", "src", "cell", OneToOneConnector(), synapse))
    net.add(Record("cell", ["isyn_exc"]))
    return net


def _peaks(recording):
    """Largest synaptic current after each presynaptic spike, in nA."""
    signal = recording.signals[("cell", "isyn_exc")]
    return np.array(
        [
            signal.values[(signal.times > t) & (signal.times < t + 40.0), 0].max()
            for t in SPIKE_TIMES
            if t < signal.times[-1]
        ]
    )


def test_set_synapse_parameter_changes_depression_between_runs():
    """Lowering tau_rec after the first spike lets the second one recover."""
    slow = get_backend().build(_tsodyks_network()).run(150.0)
    sim = get_backend().build(_tsodyks_network())
    first = sim.run(30.0)
    sim.set_synapse_parameter("tm", "tau_rec", 10.0)
    np.testing.assert_array_equal(sim.get_synapse_parameter("tm", "tau_rec"), [10.0])
    second = sim.run(120.0)
    fast = get_backend().build(_tsodyks_network(tau_rec=10.0)).run(150.0)
    assert _peaks(first)[0] == pytest.approx(_peaks(slow)[0])
    assert _peaks(fast)[1] > 1.5 * _peaks(slow)[1]
    np.testing.assert_allclose(_peaks(first.merge(second))[1:], _peaks(fast)[1:])


def test_set_synapse_parameter_rejects_bad_name_and_value():
    sim = get_backend().build(_tsodyks_network())
    with pytest.raises(ParameterError, match="tau_rec"):
        sim.set_synapse_parameter("tm", "tau_rec", -1.0)
    with pytest.raises(ParameterError, match="weight"):
        sim.set_synapse_parameter("tm", "weight", 1.0)


def _two_cells():
    net = Network(seed=5)
    net.add(Population("cell", 4, "IF_cond_exp", parameters={"i_offset": 1.0}))
    return net


def test_add_record_records_from_the_next_run():
    sim = get_backend().build(_two_cells(), dt=0.1)
    first = sim.run(10.0)
    sim.add_record(Record("cell", ["v"], indices=np.array([2])))
    second = sim.run(10.0)
    assert ("cell", "v") not in first.signals
    signal = second.signals[("cell", "v")]
    np.testing.assert_array_equal(signal.ids, [2])
    assert signal.times[0] == pytest.approx(10.0)
    assert signal.times[-1] == pytest.approx(20.0)


def test_records_of_one_variable_are_merged():
    """Two Records of the same variable record the union of their cells."""
    net = _two_cells()
    net.add(Record("cell", ["v"], indices=np.array([0, 2])))
    net.add(Record("cell", ["v", "spikes"], indices=np.array([3, 2])))
    signal = get_backend().build(net).run(5.0).signals[("cell", "v")]
    np.testing.assert_array_equal(signal.ids, [0, 2, 3])
    assert np.ptp(signal.values[-1]) == 0.0
