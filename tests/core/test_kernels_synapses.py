"""Synapse kernels: ring-buffer delivery, delays and Tsodyks-Markram dynamics."""

import math

import numpy as np
import pytest

from adexlab.core import (
    FromListConnector,
    Network,
    OneToOneConnector,
    Population,
    Projection,
    Record,
    Synapse,
)
from adexlab.core.backends import get_backend
from adexlab.core.kernels import synapses as sk

#: NEST iaf_psc_exp and ours both integrate exactly; traces agree to rounding, mV.
NEST_TRACE_TOLERANCE = 1e-9


def test_deliver_static_writes_weight_delay_slots_ahead():
    """A spike stamped at step s reaches slot (s + delay) mod n_slots of its target."""
    ptr = np.array([0, 2, 2], dtype=np.int64)
    post = np.array([1, 0], dtype=np.int32)
    weight = np.array([0.5, -0.25])
    delay = np.array([3, 1], dtype=np.uint16)
    receptor = np.array([0, 1], dtype=np.uint8)
    ring = np.zeros((4, 2, 2))
    sk._deliver_static(0, 6, ptr, post, weight, delay, receptor, ring)
    assert ring[(6 + 3) % 4, 0, 1] == 0.5
    assert ring[(6 + 1) % 4, 1, 0] == -0.25
    assert np.count_nonzero(ring) == 2


def _tsodyks_reference(spike_times, U, tau_rec, tau_facil, tau_psc):
    """Released fractions u x of NEST's tsodyks_synapse, written out plainly."""
    x, y, u, last, out = 1.0, 0.0, 0.0, None, []
    for t in spike_times:
        if last is not None:
            h = t - last
            u = u * math.exp(-h / tau_facil) if tau_facil > 0 else 0.0
            z = 1.0 - x - y
            # Exact solution of dy/dt = -y/tau_psc, dz/dt = y/tau_psc - z/tau_rec.
            y_new = y * math.exp(-h / tau_psc)
            z_new = z * math.exp(-h / tau_rec) + y * tau_rec / (tau_psc - tau_rec) * (
                math.exp(-h / tau_psc) - math.exp(-h / tau_rec)
            )
            x, y = 1.0 - y_new - z_new, y_new
        elif tau_facil <= 0:
            u = 0.0
        u += U * (1.0 - u)
        out.append(u * x)
        x -= u * x
        y += out[-1]
        last = t
    return np.array(out)


@pytest.mark.parametrize("tau_facil", [0.0, 200.0])
def test_tsodyks_kernel_matches_reference(tau_facil):
    """Delivered weights equal weight * u x of the exact three-state model."""
    times = [10.0, 15.0, 22.5, 60.0, 61.0, 200.0]
    U, tau_rec, tau_psc, weight, dt = 0.3, 120.0, 3.0, 2.0, 0.1
    ptr = np.array([0, 1, 1], dtype=np.int64)
    param = np.array([[U], [tau_rec], [tau_facil]])
    state = np.array([[1.0], [0.0], [0.0], [-1.0]])
    delivered = []
    for t in times:
        ring = np.zeros((3, 2, 2))
        sk._deliver_tsodyks(
            0,
            round(t / dt),
            dt,
            ptr,
            np.array([1], np.int32),
            np.array([weight]),
            np.array([1], np.uint16),
            np.array([0], np.uint8),
            param,
            state,
            np.full(2, tau_psc),
            np.full(2, tau_psc),
            ring,
        )
        delivered.append(ring.sum())
    expected = weight * _tsodyks_reference(times, U, tau_rec, tau_facil, tau_psc)
    np.testing.assert_allclose(delivered, expected, rtol=1e-12)


def _train_network(synapse, dt, times, receptor="excitatory"):
    net = Network(seed=2)
    net.add(
        Population(
            "src", 1, "SpikeSourceArray", parameters={"spike_times": np.asarray(times)}
        )
    )
    net.add(
        Population(
            "cell",
            1,
            "IF_curr_exp",
            parameters={
                "tau_syn_E": 3.0,
                "tau_syn_I": 3.0,
                "cm": 0.25,
                "tau_m": 10.0,
                "v_thresh": 0.0,
                "v_rest": -65.0,
            },
        )
    )
    net.add(
        Projection(
            "p", "src", "cell", OneToOneConnector(), synapse, receptor_type=receptor
        )
    )
    net.add(Record("cell", ["v"]))
    return get_backend("simulator").build(net, dt=dt)


@pytest.mark.parametrize("dt", [0.1, 0.01])
def test_spike_arrives_exactly_one_delay_later(dt):
    """v first moves in the step after t_spike + delay, for several delays."""
    for delay in (dt, 1.0, 2.5):
        sim = _train_network(Synapse(weight=1.0, delay=delay), dt, [3.0])
        signal = sim.run(10.0).signals[("cell", "v")]
        moved = signal.times[np.flatnonzero(signal.values[:, 0] != -65.0)[0]]
        assert moved == pytest.approx(3.0 + delay + dt)


def _nest_trace(synapse_model, syn_params, dt, times, duration):
    nest = pytest.importorskip("nest")
    nest.ResetKernel()
    nest.resolution = dt
    neuron = nest.Create(
        "iaf_psc_exp",
        params={
            "tau_syn_ex": 3.0,
            "tau_syn_in": 3.0,
            "C_m": 250.0,
            "tau_m": 10.0,
            "V_th": 1000.0,
            "E_L": -65.0,
            "V_m": -65.0,
            "t_ref": 0.1,
            "V_reset": -65.0,
        },
    )
    # Plastic NEST synapses need a neuron as source: a parrot repeats the
    # generator's spikes one step later, so the generator fires one step early.
    generator = nest.Create(
        "spike_generator", params={"spike_times": np.asarray(times) - dt}
    )
    parrot = nest.Create("parrot_neuron")
    nest.Connect(generator, parrot, syn_spec={"delay": dt})
    nest.Connect(
        parrot, neuron, syn_spec={"synapse_model": synapse_model, **syn_params}
    )
    meter = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": dt})
    nest.Connect(meter, neuron)
    nest.Simulate(duration)
    events = meter.get("events")
    return np.asarray(events["times"]), np.asarray(events["V_m"])


@pytest.mark.reference
@pytest.mark.parametrize("tau_facil", [0.0, 50.0])
def test_tsodyks_markram_matches_nest_tsodyks_synapse(tau_facil):
    """The trace under a TM synapse equals NEST tsodyks_synapse onto iaf_psc_exp."""
    dt, duration = 0.1, 300.0
    times = [10.0, 20.0, 30.0, 40.0, 45.0, 50.0, 150.0, 152.0, 250.0]
    U, tau_rec, weight, delay = 0.4, 100.0, 0.5, 1.5
    t_nest, v_nest = _nest_trace(
        "tsodyks_synapse",
        {
            "weight": weight * 1000.0,
            "delay": delay,
            "U": U,
            "tau_rec": tau_rec,
            "tau_fac": tau_facil,
            "tau_psc": 3.0,
        },
        dt,
        times,
        duration,
    )
    sim = _train_network(
        Synapse(
            "TsodyksMarkramSynapse",
            weight=weight,
            delay=delay,
            parameters={"U": U, "tau_rec": tau_rec, "tau_facil": tau_facil},
        ),
        dt,
        times,
    )
    signal = sim.run(duration).signals[("cell", "v")]
    ours = np.interp(t_nest, signal.times, signal.values[:, 0])
    np.testing.assert_allclose(ours, v_nest, atol=NEST_TRACE_TOLERANCE)


@pytest.mark.reference
def test_static_synapse_trace_matches_nest_iaf_psc_exp():
    """Static excitatory and inhibitory input give NEST's iaf_psc_exp trace."""
    dt, duration = 0.1, 100.0
    times = [5.0, 7.3, 30.0, 31.0]
    t_nest, v_nest = _nest_trace(
        "static_synapse", {"weight": -400.0, "delay": 2.0}, dt, times, duration
    )
    sim = _train_network(Synapse(weight=-0.4, delay=2.0), dt, times, "inhibitory")
    signal = sim.run(duration).signals[("cell", "v")]
    ours = np.interp(t_nest, signal.times, signal.values[:, 0])
    np.testing.assert_allclose(ours, v_nest, atol=NEST_TRACE_TOLERANCE)


def test_from_list_weights_keep_connection_order():
    """get_weights and connections return values in the connector's order."""
    pre = np.array([2, 0, 1, 0, 2])
    post = np.array([0, 1, 1, 0, 1])
    weights = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    delays = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    net = Network(seed=3)
    net.add(Population("a", 3, "IF_cond_exp"))
    net.add(Population("b", 2, "IF_cond_exp"))
    net.add(
        Projection(
            "ab",
            "a",
            "b",
            FromListConnector(pre, post),
            Synapse(weight=weights, delay=delays),
        )
    )
    sim = get_backend("simulator").build(net, dt=0.1)
    np.testing.assert_array_equal(sim.get_weights("ab"), weights)
    np.testing.assert_allclose(sim.get_delays("ab"), delays)
    got_pre, got_post = sim.connections("ab")
    np.testing.assert_array_equal(got_pre, pre)
    np.testing.assert_array_equal(got_post, post)
