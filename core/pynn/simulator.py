"""Global state of the PyNN backend: the objects a script created and the simulation.

PyNN keeps one simulator state per backend module. Here it holds the PyNN objects
(populations, projections, current sources), turns them into an adexlab
:class:`~adexlab.core.network.Network` description when asked, builds a
:class:`~adexlab.core.backends.base.Simulation` from it at the first run and
continues that simulation on later runs. It must not import panel, holoviews or
bokeh.
"""

import logging

import numpy as np
from pyNN import common

from .. import network as core_network
from ..exceptions import ParameterError

logger = logging.getLogger(__name__)

#: Name PyNN writes into the metadata of recorded data.
name = "adexlab"

#: Seed of the simulation's own random streams (Poisson sources, noise) when the
#: script gives none; fixed so that a script gives the same result every time.
DEFAULT_SEED = 42


class ID(int, common.IDMixin):
    """Identifier of one cell; an int that knows its population."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    """Simulator state shared by every object of the PyNN backend.

    Attributes
    ----------
    dt : float
        Time step, in ms.
    t : float
        Simulated time, in ms.
    simulation : Simulation or None
        Built at the first run; ``None`` before it and after a structural change
        made at t = 0.
    """

    def __init__(self):
        super().__init__()
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.min_delay = 0.1
        self._max_delay = "auto"
        self.backend_name = "simulator"
        self.backend = None
        self.seed = DEFAULT_SEED
        self.simulation = None
        self.segment_counter = -1
        self.clear()

    def clear(self):
        """Forget every object and the simulation (called by ``setup``)."""
        self.close()
        self.recorders = set()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.write_on_end = []
        self.id_counter = 1
        self.segment_counter = -1
        self.reset()

    def close(self):
        """Release the simulation, if one was built."""
        if self.simulation is not None:
            self.simulation.close()
            self.simulation = None

    @property
    def max_delay(self):
        """Largest delay allowed, in ms; with "auto" the largest delay in use."""
        if self._max_delay != "auto":
            return self._max_delay
        delays = [p._max_delay() for p in self.projections if len(p)]
        return max(delays, default=self.min_delay)

    @max_delay.setter
    def max_delay(self, value):
        self._max_delay = value

    # -- structure -----------------------------------------------------------

    def check_structure_change(self, feature):
        """Allow a change of the network structure, or explain why it cannot happen.

        A change before the first run, or right after ``reset()``, is applied by
        building the simulation again at the next run; later it would lose the
        state of the running simulation.

        Raises
        ------
        NotImplementedError
            If the simulation has advanced past t = 0.
        """
        if self.simulation is None:
            return
        if self.t > 0.0:
            raise NotImplementedError(
                f"{feature} after the simulation has run ({self.t:g} ms) is not "
                "supported by the adexlab backend, because the running simulation "
                "cannot be rebuilt without losing its state; call reset() first, "
                "or set up the whole network before the first run()"
            )
        logger.debug("%s at t = 0: the simulation will be rebuilt", feature)
        self.close()

    def unique_label(self, kind, label):
        """Return ``label`` or, if a {kind} already uses it, ``label#2``, ..."""
        used = {
            "population": [p._core_label for p in self.populations],
            "projection": [c for p in self.projections for c in p._core_labels()],
            "current source": [s._core_label for s in self.current_sources],
        }[kind]
        candidate, n = label, 1
        while candidate in used:
            n += 1
            candidate = f"{label}#{n}"
        return candidate

    def describe_network(self):
        """Return the adexlab network description of everything created so far.

        Returns
        -------
        Network
            Populations with their per-neuron parameters, projections as
            FromListConnectors with per-connection weights and delays, current
            sources and what is recorded.
        """
        net = core_network.Network(seed=int(self.seed))
        for population in self.populations:
            net.add(population._describe())
        for projection in self.projections:
            for item in projection._describe():
                net.add(item)
        for source in self.current_sources:
            described = source._describe()
            if described is not None:
                net.add(described)
        for population in self.populations:
            for record in population.recorder._describe():
                net.add(record)
        return net

    # -- running -------------------------------------------------------------

    def build(self):
        """Build the simulation from the description of the current objects."""
        from ..backends import get_backend

        net = self.describe_network()
        net.validate()
        if self.backend is None:
            self.backend = get_backend(self.backend_name)
        logger.debug(
            "building %d populations on backend %r, dt=%g ms, seed=%s",
            len(net.populations),
            self.backend_name,
            self.dt,
            self.seed,
        )
        self.simulation = self.backend.build(net, dt=self.dt, seed=self.seed)
        for population in self.populations:
            population._initial_values_changed.clear()

    def run_until(self, tstop):
        """Advance the simulation to ``tstop`` ms, building it if needed."""
        n_steps = int(round((tstop - self.t) / self.dt))
        if self.simulation is None:
            self.build()
        self.running = True
        if n_steps <= 0:
            return
        recording = self.simulation.run(n_steps * self.dt)
        self.t = self.simulation.t
        for recorder in self.recorders:
            recorder._absorb(recording)

    def run(self, simtime):
        """Advance the simulation by ``simtime`` ms."""
        self.run_until(self.t + simtime)

    def reset(self):
        """Go back to t = 0 with the initial values; keep structure and parameters."""
        self.running = False
        self.t = 0.0
        self.t_start = 0.0
        self.segment_counter += 1
        for recorder in self.recorders:
            recorder._clear_data()
        if self.simulation is not None:
            self.simulation.reset()
            for population in self.populations:
                population._reapply_initial_values()


def check_delay(owner, delays, dt):
    """Raise ParameterError unless every delay is at least one time step.

    Parameters
    ----------
    owner : str
        Object the delays belong to, used in the message.
    delays : float or array_like
        Delays, in ms.
    dt : float
        Time step, in ms.
    """
    values = np.asarray(delays, dtype=float)
    if values.size == 0:
        return
    if not np.all(np.isfinite(values)):
        bad = values[~np.isfinite(values)].flat[0]
        raise ParameterError(
            owner, "delay", f"must be a finite number of ms, got {bad}"
        )
    # tolerance for delays written as sums of floats, e.g. 0.1 + 0.2
    too_short = values < dt * (1.0 - 1e-9)
    if np.any(too_short):
        raise ParameterError(
            owner,
            "delay",
            f"must be >= the time step ({dt:g} ms), "
            f"got {values[too_short].flat[0]:g} ms",
        )


state = State()
