"""The interface every backend implements: build a network, then run it in chunks.

A :class:`Backend` turns a :class:`~adexlab.core.network.Network` description into
a :class:`Simulation`, which owns all run-time state. Scripts, the PyNN layer and
the lab talk to simulations through this interface only, so the numba simulator
and the emulated chip are interchangeable. This module must not import the PyNN
layer, panel, holoviews or bokeh.
"""

import abc

__all__ = ["Backend", "Simulation"]


class Backend(abc.ABC):
    """A way to run networks, e.g. the numba simulator or the emulated chip."""

    #: Name under which :func:`adexlab.core.backends.get_backend` finds the backend.
    name = ""

    @abc.abstractmethod
    def build(self, network, *, dt=0.1, seed=None):
        """Build ``network`` into a simulation ready to run.

        Parameters
        ----------
        network : Network
            The description; it is validated and not modified.
        dt : float
            Time step, in ms. Must be > 0.
        seed : int or None
            Seed of every random draw; ``None`` uses ``network.seed``.

        Returns
        -------
        Simulation

        Raises
        ------
        BuildError, ParameterError
            If the network cannot be built.
        """


class Simulation(abc.ABC):
    """A built network with its state; advance it with :meth:`run`.

    Attributes
    ----------
    network : Network
        The description it was built from.
    dt : float
        Time step, in ms.
    seed : int
        Seed of every random draw.

    Notes
    -----
    Same network, seed and ``dt`` give identical results, and ``run(a)`` then
    ``run(b)`` gives the same data as ``run(a + b)``.
    """

    network = None
    dt = 0.1
    seed = 0

    @property
    @abc.abstractmethod
    def t(self):
        """Simulated time so far, in ms."""

    @property
    @abc.abstractmethod
    def n_steps_done(self):
        """Number of time steps simulated so far."""

    @abc.abstractmethod
    def run(self, duration):
        """Advance by ``duration`` ms and return what was recorded meanwhile.

        Returns
        -------
        Recording

        Raises
        ------
        SimulationError
            If the state stops being finite; the message names population and
            neuron.
        """

    @abc.abstractmethod
    def reset(self):
        """Return to t = 0 with the initial state redrawn from the same seed.

        Parameters, weights and delays changed since the build are kept.
        """

    @abc.abstractmethod
    def set_parameter(self, population, name, value, indices=None):
        """Set a parameter of a population, in PyNN units, from the next run on.

        Parameters
        ----------
        population : str
            Population label.
        name : str
            PyNN parameter name, e.g. ``"tau_m"``.
        value : float, array or RandomValue
            One value, or one per neuron (of ``indices`` if given).
        indices : array of int or None
            Population-local neurons to change; ``None`` changes all.
        """

    @abc.abstractmethod
    def get_parameter(self, population, name):
        """Return a parameter of every neuron of a population, in PyNN units."""

    @abc.abstractmethod
    def set_weights(self, projection, value):
        """Set the weights of a projection (scalar or one per connection)."""

    @abc.abstractmethod
    def get_weights(self, projection):
        """Return the weights of a projection in connection order (uS or nA)."""

    @abc.abstractmethod
    def set_delays(self, projection, value):
        """Set the delays of a projection in ms (scalar or one per connection)."""

    @abc.abstractmethod
    def get_delays(self, projection):
        """Return the delays of a projection in connection order, in ms."""

    @abc.abstractmethod
    def connections(self, projection):
        """Return ``(pre_idx, post_idx)``, population-local, in connection order."""

    @abc.abstractmethod
    def set_current_source(self, label, **parameters):
        """Change parameters of a current source from the next run on."""

    @abc.abstractmethod
    def get_state(self, population, variable):
        """Return a state variable (``"v"``, ``"w"``, ...) of every neuron."""

    @abc.abstractmethod
    def set_state(self, population, variable, values):
        """Set a state variable of every neuron (scalar or one value per neuron)."""

    def set_synapse_parameter(self, projection, name, value):
        """Set a plastic-synapse parameter (``U``, ``tau_rec``, ``tau_facil``).

        Raises
        ------
        NotImplementedError
            On backends that cannot change synapse parameters after the build.
        """
        raise NotImplementedError(
            f"the {type(self).__name__} backend cannot change {name!r} of "
            f"projection {projection!r} after the build; rebuild the network or "
            "use the numba simulator"
        )

    def add_record(self, record):
        """Record more variables or cells from the next run on.

        Raises
        ------
        NotImplementedError
            On backends that cannot add recordings after the build.
        """
        raise NotImplementedError(
            f"the {type(self).__name__} backend cannot add a Record after the "
            "build; rebuild the network or use the numba simulator"
        )

    def close(self):
        """Release the memory held by the simulation."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
