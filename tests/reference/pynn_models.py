"""PyNN scripts shared by the reference tests, written once for any PyNN backend.

Every function takes the simulator module (``adexlab.core.pynn`` or ``pyNN.nest``) as
its first argument, builds one small model with ordinary PyNN calls, runs it, calls
``sim.end()`` and returns plain NumPy arrays in PyNN units (ms, mV, nA, uS).

Every script calls ``setup`` through ``_setup``, which works around two artefacts
of pyNN.nest 0.13 that would otherwise make NEST a wrong reference (adexlab accepts
and ignores the NEST-specific option):

- with ``min_delay="auto"`` (the default) SpikeSourceArray spikes arrive one
  connection delay late: a spike at 10 ms through a 1.5 ms delay first moves v at
  13.0 ms instead of 11.6 ms;
- with ``spike_precision="off_grid"`` (the default) SpikeSourceArray spikes reach
  grid-based cells such as iaf_cond_exp one step late for some times (a spike at
  64.9 ms through a 0.1 ms delay moved v first at 65.2 ms), apparently because the
  spike time is shifted by min_delay in floating point and then rounded up.
"""

import numpy as np


def _setup(sim, dt, min_delay=None):
    sim.setup(
        timestep=dt,
        min_delay=dt if min_delay is None else min_delay,
        spike_precision="on_grid",
    )


# Firing-pattern parameter sets of Naud, Marcille, Clopath and Gerstner 2008
# (Biol. Cybern. 99:335, table 1), as in SCIENCE.md 1.1: cm in pF, g_L and a in nS,
# potentials in mV, tau_w in ms, b and I in pA.
NAUD_2008_TABLE = {
    # name: (cm, g_L, E_L, a, tau_w, b, v_reset, I)
    "tonic_spiking": (200, 10, -70, 2, 30, 0, -58, 500),
    "adaptation": (200, 12, -70, 2, 300, 60, -58, 500),
    "initial_burst": (130, 18, -58, 4, 150, 120, -50, 400),
    "regular_bursting": (200, 10, -58, 2, 120, 100, -46, 210),
    "delayed_accelerating": (200, 12, -70, -10, 300, 0, -58, 300),
    "delayed_regular_bursting": (100, 10, -65, -10, 90, 30, -47, 110),
    "transient_spiking": (100, 10, -65, 10, 90, 100, -47, 180),
    "irregular_spiking": (100, 12, -60, -11, 130, 30, -48, 160),
}
PF_PER_NF = 1e3
NS_PER_US = 1e3
PA_PER_NA = 1e3

# Current onset of the step, in ms: the neuron rests (v = E_L, w = 0) until then.
STEP_ONSET = 20.0


def adex_pattern_parameters(name):
    """Return ``(cell_parameters, step_amplitude)`` in PyNN units for one pattern.

    ``name`` is a key of NAUD_2008_TABLE or "brette_gerstner" (PyNN's
    EIF_cond_exp_isfa_ista defaults, which are the regular-spiking set of Brette and
    Gerstner 2005, driven by a 0.8 nA step).
    """
    if name == "brette_gerstner":
        return {"tau_refrac": 0.1}, 0.8
    cm, g_l, e_l, a, tau_w, b, v_reset, amplitude = NAUD_2008_TABLE[name]
    parameters = {
        "cm": cm / PF_PER_NF,
        "tau_m": cm / g_l,  # pF / nS = ms
        "v_rest": float(e_l),
        "a": float(a),  # PyNN keeps a in nS
        "tau_w": float(tau_w),
        "b": b / PA_PER_NA,
        "v_reset": float(v_reset),
        "delta_T": 2.0,
        "v_thresh": -50.0,
        "v_spike": 0.0,
        "tau_refrac": 0.1,
    }
    return parameters, amplitude / PA_PER_NA


ADEX_PATTERN_NAMES = [*NAUD_2008_TABLE, "brette_gerstner"]


def run_adex_patterns(sim, dt, names=ADEX_PATTERN_NAMES, step_duration=500.0):
    """Drive one AdEx neuron per pattern with a DC step; return spike times.

    Each neuron starts at rest (v = v_rest, w = 0) and receives its step current from
    STEP_ONSET for ``step_duration`` ms through its own DCSource.

    Returns
    -------
    dict
        pattern name -> (k,) ndarray of float64 spike times in ms.
    """
    _setup(sim, dt)
    cells = []
    for name in names:
        parameters, amplitude = adex_pattern_parameters(name)
        cell = sim.Population(1, sim.EIF_cond_exp_isfa_ista(**parameters), label=name)
        v_rest = sim.EIF_cond_exp_isfa_ista.default_parameters["v_rest"]
        cell.initialize(v=parameters.get("v_rest", v_rest), w=0.0)
        source = sim.DCSource(
            amplitude=amplitude, start=STEP_ONSET, stop=STEP_ONSET + step_duration
        )
        source.inject_into(cell)
        cell.record("spikes")
        cells.append(cell)
    sim.run(STEP_ONSET + step_duration + 20.0)

    spikes = {}
    for name, cell in zip(names, cells):
        train = cell.get_data().segments[0].spiketrains[0]
        spikes[name] = np.asarray(train.rescale("ms").magnitude, dtype=float)
    sim.end()
    return spikes


def lif_parameters(cell_type):
    """LIF parameters for the analytic checks: v_reset = v_rest, 2 ms refractory."""
    parameters = {
        "cm": 1.0,
        "tau_m": 20.0,
        "v_rest": -65.0,
        "v_reset": -65.0,
        "v_thresh": -50.0,
        "tau_refrac": 2.0,
    }
    if cell_type == "IF_cond_exp":
        parameters.update(e_rev_E=0.0, e_rev_I=-70.0)
    return parameters


def run_lif_dc(sim, cell_type, amplitudes, dt, duration=1000.0):
    """One LIF neuron per amplitude (nA) driven by a DCSource from STEP_ONSET.

    Returns
    -------
    list of (k,) ndarray of float64
        Spike times in ms, one array per amplitude.
    """
    _setup(sim, dt)
    parameters = lif_parameters(cell_type)
    cells = sim.Population(len(amplitudes), getattr(sim, cell_type)(**parameters))
    cells.initialize(v=parameters["v_rest"])
    for k, amplitude in enumerate(amplitudes):
        source = sim.DCSource(
            amplitude=amplitude, start=STEP_ONSET, stop=STEP_ONSET + duration
        )
        source.inject_into(cells[k : k + 1])
    cells.record("spikes")
    sim.run(STEP_ONSET + duration)
    trains = cells.get_data().segments[0].spiketrains
    trains = sorted(trains, key=lambda train: train.annotations["source_index"])
    sim.end()
    return [np.asarray(train.rescale("ms").magnitude, dtype=float) for train in trains]


def run_psp(
    sim,
    cell_type,
    parameters,
    weight,
    delay,
    spike_time,
    dt,
    duration,
    synapse=None,
    spike_times=None,
):
    """One spike (or a train) from a SpikeSourceArray onto one cell; return v.

    Parameters
    ----------
    sim : module
        PyNN backend.
    cell_type : str
        PyNN cell type name.
    parameters : dict
        Cell parameters in PyNN units.
    weight, delay : float
        Synaptic weight (nA or uS) and delay (ms) of the connection.
    spike_time : float
        Presynaptic spike time in ms (ignored when ``spike_times`` is given).
    dt, duration : float
        Time step and run time, in ms.
    synapse : pyNN synapse type, optional
        Defaults to ``sim.StaticSynapse``.
    spike_times : sequence of float, optional
        A presynaptic spike train in ms.

    Returns
    -------
    times : (m,) ndarray of float64
        Sample times in ms.
    v : (m,) ndarray of float64
        Membrane potential in mV.
    """
    _setup(sim, dt)
    times = [spike_time] if spike_times is None else list(spike_times)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    cell = sim.Population(1, getattr(sim, cell_type)(**parameters))
    cell.initialize(v=parameters.get("v_rest", -65.0))
    if synapse is None:
        synapse = sim.StaticSynapse(weight=weight, delay=delay)
    sim.Projection(
        source, cell, sim.AllToAllConnector(), synapse, receptor_type="excitatory"
    )
    cell.record("v")
    sim.run(duration)
    signal = cell.get_data().segments[0].filter(name="v")[0]
    t = np.asarray(signal.times.rescale("ms").magnitude, dtype=float)
    v = np.asarray(signal.magnitude[:, 0], dtype=float)
    sim.end()
    return t, v


# COBA benchmark (Brette et al. 2007, benchmark 1, after Vogels and Abbott 2005) with
# the values of the code published with the paper, SCIENCE.md 1.2.
COBA_CELL = {
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
}
# Brette-Gerstner neurons of the AdEx variant (PyNN's EIF defaults are that set).
COBA_ADEX_CELL = {
    **{k: v for k, v in COBA_CELL.items() if k not in ("v_rest", "v_thresh")},
    "cm": 0.281,
    "tau_m": 9.3667,
    "v_rest": -70.6,
    "v_reset": -70.6,
    "v_thresh": -50.4,
    "v_spike": -40.4,
    "delta_T": 2.0,
    "a": 4.0,
    "b": 0.0805,
    "tau_w": 144.0,
    "tau_refrac": 2.0,
}
COBA_WEIGHT_EXC = 0.006  # uS
COBA_WEIGHT_INH = 0.067  # uS
COBA_EXC_FRACTION = 0.8
COBA_P_CONNECT = 0.02
#: Fixed in-degree of the robust variant: 64 excitatory + 16 inhibitory sources.
COBA_IN_DEGREE = 80
COBA_BIAS = 0.2  # nA, robust LIF variant
COBA_ADEX_BIAS = (0.4, 0.7)  # nA, uniform per neuron, AdEx variant
COBA_DELAY = 0.1  # ms


def build_coba(sim, n_neurons, variant="fixed_in_degree", seed=1, dt=0.1):
    """Set up the simulator and build a COBA network; return its populations.

    Parameters
    ----------
    sim : module
        PyNN backend.
    n_neurons : int
        Total number of neurons, 80 % excitatory.
    variant : {"fixed_in_degree", "sparse", "adex"}
        "sparse" is the original (p = 0.02, no bias, self-sustained from a random
        initial state); "fixed_in_degree" draws 64 excitatory and 16 inhibitory
        sources per neuron with replacement and adds a 0.2 nA bias; "adex" is that
        network with Brette-Gerstner neurons and a bias uniform in 0.4-0.7 nA.
        Only "sparse" starts with random conductances (see draw_coba_network on
        pyNN.nest's handling of initial conductances); the others from v alone.
    seed : int
        Seed of the NumpyRNG that draws connections, initial values and biases.
    dt : float
        Time step, in ms.

    Returns
    -------
    (exc, inh) : tuple of Population
    """
    from pyNN.random import NumpyRNG, RandomDistribution

    _setup(sim, dt, COBA_DELAY)
    rng = NumpyRNG(seed=seed)
    n_exc = int(round(COBA_EXC_FRACTION * n_neurons))
    if variant == "adex":
        cell_type = sim.EIF_cond_exp_isfa_ista(**COBA_ADEX_CELL)
    else:
        cell_type = sim.IF_cond_exp(**COBA_CELL)
    exc = sim.Population(n_exc, cell_type, label="exc")
    inh = sim.Population(n_neurons - n_exc, cell_type, label="inh")

    for population in (exc, inh):
        if variant == "adex":
            low, high = COBA_ADEX_BIAS
            population.set(i_offset=RandomDistribution("uniform", (low, high), rng=rng))
            population.initialize(
                v=RandomDistribution("uniform", (-70.6, -50.4), rng=rng), w=0.0
            )
            continue
        if variant == "fixed_in_degree":
            population.set(i_offset=COBA_BIAS)
            population.initialize(v=RandomDistribution("normal", (-65.0, 5.0), rng=rng))
            continue
        population.initialize(
            v=RandomDistribution("normal", (-65.0, 5.0), rng=rng),
            gsyn_exc=RandomDistribution(
                "normal_clipped", (0.04, 0.015, 0.0, np.inf), rng=rng
            ),
            gsyn_inh=RandomDistribution(
                "normal_clipped", (0.2, 0.12, 0.0, np.inf), rng=rng
            ),
        )

    for pre, weight, receptor in (
        (exc, COBA_WEIGHT_EXC, "excitatory"),
        (inh, COBA_WEIGHT_INH, "inhibitory"),
    ):
        if variant == "sparse":
            connector = sim.FixedProbabilityConnector(COBA_P_CONNECT, rng=rng)
        else:
            in_degree = int(round(COBA_IN_DEGREE * pre.size / n_neurons))
            connector = sim.FixedNumberPreConnector(
                in_degree, with_replacement=True, rng=rng
            )
        synapse = sim.StaticSynapse(weight=weight, delay=COBA_DELAY)
        for post in (exc, inh):
            sim.Projection(pre, post, connector, synapse, receptor_type=receptor)
    return exc, inh


def population_spikes(population):
    """Spike trains of a population as a list of (k,) arrays in ms."""
    trains = population.get_data().segments[0].spiketrains
    trains = sorted(trains, key=lambda train: train.annotations["source_index"])
    return [np.asarray(train.rescale("ms").magnitude, dtype=float) for train in trains]


def draw_coba_network(n_neurons, seed=1):
    """Draw one robust-variant COBA network with NumPy, independent of any simulator.

    Returns
    -------
    dict
        ``n_exc``; ``"exc"`` and ``"inh"``: (pre, post) int arrays of connections
        (pre indices within their population, post indices within the whole
        network); ``v``: initial membrane potentials, (n_neurons,) in mV;
        ``bias``: bias currents of the AdEx variant, (n_neurons,) in nA.
        Conductances start at 0: pyNN.nest 0.13 writes initial gsyn_exc and gsyn_inh
        to NEST unscaled (0.04 uS arrives as 0.04 nS), so NEST could not serve as
        the reference for a random initial conductance.
    """
    rng = np.random.default_rng(seed)
    n_exc = int(round(COBA_EXC_FRACTION * n_neurons))
    k_exc = int(round(COBA_IN_DEGREE * COBA_EXC_FRACTION))
    k_inh = COBA_IN_DEGREE - k_exc
    return {
        "n_exc": n_exc,
        "exc": (
            rng.integers(0, n_exc, n_neurons * k_exc),
            np.repeat(np.arange(n_neurons), k_exc),
        ),
        "inh": (
            rng.integers(0, n_neurons - n_exc, n_neurons * k_inh),
            np.repeat(np.arange(n_neurons), k_inh),
        ),
        "v": rng.normal(-65.0, 5.0, n_neurons),
        "bias": rng.uniform(*COBA_ADEX_BIAS, n_neurons),
    }


def run_coba_from_lists(sim, drawn, duration, dt=0.1, variant="fixed_in_degree"):
    """Run the robust COBA network ``drawn`` (draw_coba_network) on ``sim``.

    The same connection lists and initial values go to every simulator through
    FromListConnector, so runs differ only in how the simulators integrate.
    ``variant="adex"`` uses Brette-Gerstner cells with the biases ``drawn["bias"]``
    (nA) and starts them at ``drawn["v"] - 10`` mV (about the same distance below
    threshold as the LIF cells start).

    Returns
    -------
    list of (k,) ndarray of float64
        Spike times in ms per neuron, excitatory first.
    """
    _setup(sim, dt, COBA_DELAY)
    n_exc = drawn["n_exc"]
    n_neurons = drawn["v"].size
    if variant == "adex":
        cell_type = sim.EIF_cond_exp_isfa_ista(**COBA_ADEX_CELL)
        v_start = drawn["v"] - 10.0
    else:
        cell_type = sim.IF_cond_exp(**COBA_CELL, i_offset=COBA_BIAS)
        v_start = drawn["v"]
    exc = sim.Population(n_exc, cell_type, label="exc")
    inh = sim.Population(n_neurons - n_exc, cell_type, label="inh")
    for population, part in ((exc, slice(0, n_exc)), (inh, slice(n_exc, None))):
        population.initialize(v=v_start[part])
        if variant == "adex":
            population.set(i_offset=drawn["bias"][part])
    for pre, name, weight, receptor in (
        (exc, "exc", COBA_WEIGHT_EXC, "excitatory"),
        (inh, "inh", COBA_WEIGHT_INH, "inhibitory"),
    ):
        sources, targets = drawn[name]
        for post, low, high in ((exc, 0, n_exc), (inh, n_exc, n_neurons)):
            keep = (targets >= low) & (targets < high)
            pairs = np.column_stack([sources[keep], targets[keep] - low])
            sim.Projection(
                pre,
                post,
                sim.FromListConnector(pairs),
                sim.StaticSynapse(weight=weight, delay=COBA_DELAY),
                receptor_type=receptor,
            )
    exc.record("spikes")
    inh.record("spikes")
    sim.run(duration)
    trains = population_spikes(exc) + population_spikes(inh)
    sim.end()
    return trains


def draw_barrage(n_exc, n_inh, rate, duration, dt, seed=1):
    """Poisson spike trains on the dt grid for a synaptic barrage, in ms.

    Returns two lists (excitatory, inhibitory) of sorted arrays of distinct times
    that are multiples of ``dt``, each train of ``rate`` Hz over ``duration`` ms.
    """
    rng = np.random.default_rng(seed)
    n_steps = int(round(duration / dt))
    trains = []
    for _ in range(n_exc + n_inh):
        steps = np.flatnonzero(rng.random(n_steps) < rate * dt / 1e3)
        trains.append(np.round((steps + 1) * dt, 10))
    return trains[:n_exc], trains[n_exc:]


def run_barrage(
    sim,
    cell_type,
    parameters,
    exc_trains,
    inh_trains,
    weights,
    dt,
    duration,
    delay=COBA_DELAY,
    record_v=False,
):
    """One cell bombarded by SpikeSourceArray trains; return its spike times.

    ``weights`` is (excitatory, inhibitory), both positive (nA or uS).
    """
    _setup(sim, dt)
    cell = sim.Population(1, getattr(sim, cell_type)(**parameters))
    cell.initialize(v=parameters["v_rest"])
    for trains, weight, receptor in (
        (exc_trains, weights[0], "excitatory"),
        (inh_trains, weights[1], "inhibitory"),
    ):
        sources = sim.Population(
            len(trains), sim.SpikeSourceArray(spike_times=[list(t) for t in trains])
        )
        sim.Projection(
            sources,
            cell,
            sim.AllToAllConnector(),
            sim.StaticSynapse(weight=weight, delay=delay),
            receptor_type=receptor,
        )
    cell.record(["spikes", "v"] if record_v else "spikes")
    sim.run(duration)
    segment = cell.get_data().segments[0]
    spikes = np.asarray(segment.spiketrains[0].rescale("ms").magnitude, dtype=float)
    if record_v:
        v = np.asarray(segment.filter(name="v")[0].magnitude[:, 0], dtype=float)
    sim.end()
    return (spikes, v) if record_v else spikes


def run_delays(sim, delays, dt, source_time=10.0, duration=30.0):
    """Arrival of one spike through each delay, from a SpikeSourceArray and a neuron.

    A SpikeSourceArray spike at ``source_time`` and the first spike of a DC-driven
    IF_cond_exp neuron each reach one IF_curr_exp target per delay.

    Returns
    -------
    pre_spikes : (2,) ndarray
        Time of the source spike and of the neuron's first spike, in ms.
    first_moves : (2, n_delays) ndarray
        For each sender and delay, the first sample time (ms) at which the target's
        v has left rest.
    """
    _setup(sim, dt)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[source_time]))
    neuron = sim.Population(1, sim.IF_cond_exp(tau_refrac=50.0))
    sim.DCSource(amplitude=2.0, start=5.0, stop=duration).inject_into(neuron)
    targets = []
    for sender in (source, neuron):
        target = sim.Population(len(delays), sim.IF_curr_exp(v_thresh=0.0))
        for k, delay in enumerate(delays):
            sim.Projection(
                sender,
                target[k : k + 1],
                sim.AllToAllConnector(),
                sim.StaticSynapse(weight=0.5, delay=delay),
            )
        target.record("v")
        targets.append(target)
    neuron.record("spikes")
    sim.run(duration)

    pre = [source_time, neuron.get_data().segments[0].spiketrains[0].magnitude[0]]
    first_moves = []
    for target in targets:
        signal = target.get_data().segments[0].filter(name="v")[0]
        v = np.asarray(signal.magnitude)
        moved = np.abs(v - v[0]) > 1e-9
        times = np.asarray(signal.times.rescale("ms").magnitude)
        first_moves.append([times[np.argmax(moved[:, k])] for k in range(len(delays))])
    sim.end()
    return np.asarray(pre, dtype=float), np.asarray(first_moves)


def run_tsodyks_markram(sim, synapse_parameters, spike_times, dt, duration):
    """PSP train through a TsodyksMarkramSynapse onto an IF_curr_exp cell; return v."""
    parameters = {
        "cm": 0.25,
        "tau_m": 10.0,
        "v_rest": -65.0,
        "v_reset": -65.0,
        "v_thresh": -40.0,
        "tau_syn_E": 3.0,
        "tau_refrac": 2.0,
    }
    synapse = sim.TsodyksMarkramSynapse(**synapse_parameters)
    return run_psp(
        sim,
        "IF_curr_exp",
        parameters,
        None,
        None,
        None,
        dt,
        duration,
        synapse=synapse,
        spike_times=spike_times,
    )
