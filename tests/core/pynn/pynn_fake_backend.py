"""A backend that records calls instead of simulating, to test the PyNN layer alone.

Its state variables stay at their initial values and it never spikes, except
that each population listed in ``SPIKES`` emits spikes at fixed times; it logs
every call that changes the simulation, so tests can check what the PyNN layer
forwards.
"""

import numpy as np

from adexlab.core.backends import Backend, Simulation
from adexlab.core.recording import Recording, Signal

#: Spike times (ms) emitted by neuron 0 of every population of the fake backend.
SPIKE_TIMES = (5.0, 15.0)


class FakeBackend(Backend):
    name = "fake"

    def __init__(self, **options):
        self.options = options

    def build(self, network, *, dt=0.1, seed=None):
        return FakeSimulation(network, dt, network.seed if seed is None else seed)


class FakeSimulation(Simulation):
    def __init__(self, network, dt, seed):
        self.network, self.dt, self.seed = network, dt, seed
        self.calls = []
        self.reset()

    @property
    def t(self):
        return self._steps * self.dt

    @property
    def n_steps_done(self):
        return self._steps

    def _initial(self, population, variable):
        value = population.initial_values.get(variable, 0.0)
        return np.broadcast_to(np.asarray(value, float), (population.size,)).copy()

    def reset(self):
        self._steps = 0
        self.state = {
            (p.label, v): self._initial(p, v)
            for p in self.network.populations
            for v in p.model.initial_values
        }

    def run(self, duration):
        n = int(round(duration / self.dt))
        t0 = self.t
        # the first run also holds the initial state at t = 0
        first = 0 if self._steps == 0 else 1
        times = t0 + self.dt * np.arange(first, n + 1)
        spikes, signals = {}, {}
        for record in self.network.records:
            label = record.population
            size = self.network.population(label).size
            ids = np.arange(size) if record.indices is None else record.indices
            for variable in record.variables:
                if variable == "spikes":
                    st = np.array(
                        [s for s in SPIKE_TIMES if t0 < s <= t0 + n * self.dt]
                    )
                    spikes[label] = (st, np.zeros(st.size, dtype=np.int64))
                else:
                    values = np.tile(
                        self.state[(label, variable)][ids], (times.size, 1)
                    )
                    signals[(label, variable)] = Signal(times, ids, values, self.dt)
        self._steps += n
        return Recording(t0, self.t, self.dt, spikes, signals)

    def set_parameter(self, population, name, value, indices=None):
        self.calls.append(("set_parameter", population, name, np.copy(value), indices))

    def get_parameter(self, population, name):
        raise NotImplementedError

    def set_weights(self, projection, value):
        self.calls.append(("set_weights", projection, np.copy(value)))

    def get_weights(self, projection):
        raise NotImplementedError

    def set_delays(self, projection, value):
        self.calls.append(("set_delays", projection, np.copy(value)))

    def get_delays(self, projection):
        raise NotImplementedError

    def connections(self, projection):
        raise NotImplementedError

    def set_synapse_parameter(self, projection, name, value):
        self.calls.append(("set_synapse_parameter", projection, name, np.copy(value)))

    def add_record(self, record):
        self.calls.append(("add_record", record))

    def set_current_source(self, label, **parameters):
        self.calls.append(("set_current_source", label, parameters))

    def get_state(self, population, variable):
        return self.state[(population, variable)].copy()

    def set_state(self, population, variable, values):
        self.calls.append(("set_state", population, variable))
        size = self.network.population(population).size
        self.state[(population, variable)] = np.broadcast_to(
            np.asarray(values, float), (size,)
        ).copy()
