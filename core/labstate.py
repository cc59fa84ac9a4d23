"""The state one browser session of the lab shows and edits.

:class:`LabState` holds the network description, the run settings and the clock.
Views render it and write user edits back through its methods, which validate
each edit against the core's schemas before committing it, so a rejected edit
leaves the network as it was. Edits that a running simulation can take without
a rebuild are also queued for the session's run loop.

This module imports only param and the rest of the core; it holds no GUI
objects, so scripts and tests can drive a lab session's state without a browser.
"""

import collections
import copy
import logging
import math

import numpy as np
import param

from adexlab.core.celltypes import CELL_TYPES, CURRENT_SOURCES
from adexlab.core.celltypes import cell_type as cell_type_of
from adexlab.core.exceptions import BuildError, ParameterError
from adexlab.core.network import (
    AllToAllConnector,
    CurrentSource,
    FixedProbabilityConnector,
    Network,
    Population,
    Projection,
    Synapse,
    Target,
)
from adexlab.core.presets import FIRING_PATTERNS

__all__ = ["LabState", "SPEEDS", "ready_start_network", "AS_FAST_AS_POSSIBLE"]

logger = logging.getLogger(__name__)

#: Speed meaning "no pacing": the simulation runs as fast as the CPU allows.
AS_FAST_AS_POSSIBLE = math.inf

#: Offered run speeds, in simulated ms per wall-clock second.
SPEEDS = {
    "10 ms/s": 10.0,
    "100 ms/s": 100.0,
    "250 ms/s": 250.0,
    "1000 ms/s (real time)": 1000.0,
    "as fast as possible": AS_FAST_AS_POSSIBLE,
}

#: The cell type of new neuron populations and of the ready start.
ADEX = "EIF_cond_exp_isfa_ista"

#: Parameters of current sources added without any, in PyNN units (nA, ms).
NEW_CURRENT_SOURCES = {
    "DCSource": {"amplitude": 1.0, "start": 50.0},
    "StepCurrentSource": {"times": [50.0, 250.0], "amplitudes": [0.8, 0.0]},
}

#: Structural edits that Undo can take back.
UNDO_DEPTH = 50

#: Edits the simulation can take while it runs; anything else rebuilds it.
EDIT_KINDS = ("parameter", "current_source", "weight", "delay")


def ready_start_network():
    """Return the network the lab opens with: one AdEx neuron under a step current.

    The step of 1 nA switches on at 50 ms, so the neuron rests first, then fires
    and adapts (Brette and Gerstner 2005 defaults).
    """
    network = Network(name="AdEx neuron with a step current", seed=1)
    network.add(Population("neuron", 1, ADEX))
    network.add(
        CurrentSource(
            "step",
            "DCSource",
            {"amplitude": 1.0, "start": 50.0},
            [Target("neuron")],
        )
    )
    return network


class LabState(param.Parameterized):
    """Network, run settings and clock of one lab session.

    Views call the edit methods (:meth:`set_parameter`, :meth:`add_population`,
    ...); each validates the edit and raises ParameterError or BuildError with
    the core's message when it is refused, leaving the network unchanged.
    """

    network = param.ClassSelector(
        class_=Network, doc="The network description being edited and run."
    )
    dt = param.Number(
        default=0.1,
        bounds=(0.001, 1.0),
        softbounds=(0.01, 0.5),
        label="dt (ms)",
        doc="Time step of the simulation, in ms; a change rebuilds it.",
    )
    speed = param.Selector(
        default=1000.0,
        objects=list(SPEEDS.values()),
        label="Speed",
        doc="Simulated ms per wall-clock second; inf runs as fast as possible.",
    )
    step_duration = param.Number(
        default=50.0,
        bounds=(0.1, 1e5),
        label="Step (ms)",
        doc="Simulated time one press of Step advances, in ms.",
    )
    running = param.Boolean(default=False, doc="True while the simulation runs.")
    t = param.Number(default=0.0, doc="Simulated time shown in the plots, in ms.")
    wall_time = param.Number(
        default=0.0, doc="Wall-clock time spent running since the last reset, in s."
    )
    selection = param.Tuple(
        default=None,
        length=2,
        allow_None=True,
        doc="(kind, label) of the selected object: kind is 'population', "
        "'current_source' or 'projection'.",
    )
    message = param.String(default="", doc="Last message for the user.")
    message_kind = param.Selector(
        default="info", objects=["info", "warning", "error"], doc="Kind of message."
    )
    structure = param.Integer(
        default=0, doc="Counts changes that need the simulation rebuilt."
    )
    revision = param.Integer(default=0, doc="Counts every committed change.")
    layout = param.Dict(
        default={},
        doc="Canvas positions: 'kind:label' -> {'x': ..., 'y': ...} in pixels.",
    )
    can_undo = param.Boolean(default=False, doc="True if there is an edit to undo.")
    step_request = param.Event(doc="Pressed Step.")
    reset_request = param.Event(doc="Pressed Reset.")

    def __init__(self, network=None, **params):
        if network is None:
            network = ready_start_network()
        network.validate()
        super().__init__(network=network, **params)
        self._edits = collections.deque()
        self._history = collections.deque(maxlen=UNDO_DEPTH)
        if self.selection is None and network.populations:
            self.selection = ("population", network.populations[0].label)

    # ------------------------------------------------------------------
    # Messages and the edit queue

    def notify(self, text, kind="info"):
        """Show ``text`` to the user; ``kind`` is 'info', 'warning' or 'error'."""
        self.message_kind = kind
        self.message = text

    def take_edits(self):
        """Return and forget the queued edits, oldest first.

        Each edit is a tuple ``(kind, label, name, value)`` with ``kind`` in
        :data:`EDIT_KINDS`; the run loop forwards them to the simulation.
        Safe to call from another thread.
        """
        edits = []
        while True:
            try:
                edits.append(self._edits.popleft())
            except IndexError:
                return edits

    def _committed(self, edit=None):
        if edit is not None:
            self._edits.append(edit)
        self.revision += 1

    def _restructured(self, network, undoable=True):
        """Replace the network by ``network`` (already validated)."""
        if undoable:
            self._history.append(self.network)
        self._edits.clear()
        with param.parameterized.batch_call_watchers(self):
            self.can_undo = bool(self._history)
            self.network = network
            self.structure += 1
            self.revision += 1

    def _candidate(self, change):
        """Apply ``change`` to a copy of the network, validate it and commit it."""
        candidate = copy.deepcopy(self.network)
        change(candidate)
        candidate.validate()
        self._restructured(candidate)
        return candidate

    # ------------------------------------------------------------------
    # Edits a running simulation takes without a rebuild

    def set_parameter(self, population, name, value):
        """Set a parameter of a population (same value for every neuron).

        Parameters
        ----------
        population : str
            Population label.
        name : str
            PyNN parameter name, e.g. ``"tau_w"``.
        value : float or sequence
            In the parameter's PyNN unit.

        Raises
        ------
        ParameterError
            If the value is out of bounds or breaks a relation between
            parameters (``v_reset`` below ``v_spike``...).
        """
        pop = self.network.population(population)
        if name not in pop.model.parameters:
            raise ParameterError(
                pop.owner, name, f"is not a parameter of {pop.cell_type}"
            )
        missing = object()
        old = pop.parameters.get(name, missing)
        pop.parameters[name] = value
        try:
            pop.validate()
        except (ParameterError, BuildError, TypeError):
            if old is missing:
                del pop.parameters[name]
            else:
                pop.parameters[name] = old
            raise
        self._committed(("parameter", population, name, value))

    def set_parameters(self, population, values):
        """Set several parameters of a population at once (a preset)."""
        pop = self.network.population(population)
        old = dict(pop.parameters)
        pop.parameters.update(values)
        try:
            pop.validate()
        except (ParameterError, BuildError, TypeError):
            pop.parameters.clear()
            pop.parameters.update(old)
            raise
        for name, value in values.items():
            self._edits.append(("parameter", population, name, value))
        self._committed()

    def set_current_source_parameter(self, label, name, value):
        """Set a parameter of a current source, e.g. a DCSource's amplitude (nA)."""
        source = self.network.current_source(label)
        missing = object()
        old = source.parameters.get(name, missing)
        source.parameters[name] = value
        try:
            source.validate(self.network)
        except (ParameterError, BuildError, TypeError):
            if old is missing:
                del source.parameters[name]
            else:
                source.parameters[name] = old
            raise
        self._committed(("current_source", label, name, value))

    def set_synapse_value(self, projection, name, value):
        """Set the ``"weight"`` (uS or nA) or ``"delay"`` (ms) of a projection."""
        proj = self.network.projection(projection)
        if name not in ("weight", "delay"):
            raise ParameterError(proj.owner, name, "must be 'weight' or 'delay'")
        old = getattr(proj.synapse, name)
        setattr(proj.synapse, name, value)
        try:
            proj.validate(self.network)
        except (ParameterError, BuildError, TypeError):
            setattr(proj.synapse, name, old)
            raise
        self._committed((name, projection, name, value))

    def apply_preset(self, population, name):
        """Give an AdEx population a firing-pattern preset and its step current.

        The preset's step amplitude goes to every DC source that targets the
        population (PyNN units: nA).
        """
        preset = FIRING_PATTERNS[name]
        pop = self.network.population(population)
        if not pop.model.adaptive:
            raise BuildError(
                f"{pop.owner}: firing-pattern presets are AdEx parameter sets; "
                f"{pop.cell_type} is not an AdEx cell"
            )
        values = dict(preset.parameters)
        values.setdefault("i_offset", 0.0)
        defaults = pop.model.defaults
        values = {**{k: defaults[k] for k in values if k not in defaults}, **values}
        self.set_parameters(population, values)
        for source in self.network.current_sources:
            targets = {t.population for t in source.targets}
            if source.source_type == "DCSource" and population in targets:
                self.set_current_source_parameter(
                    source.label, "amplitude", preset.amplitude
                )
        self.notify(f"Preset '{name}' applied to {population!r}.")

    # ------------------------------------------------------------------
    # Edits that rebuild the simulation

    def unique_label(self, stem):
        """Return ``stem``, or ``stem`` with a number, unused by any object."""
        used = {p.label for p in self.network.populations}
        used |= {p.label for p in self.network.projections}
        used |= {s.label for s in self.network.current_sources}
        if stem not in used:
            return stem
        k = 2
        while f"{stem}{k}" in used:
            k += 1
        return f"{stem}{k}"

    def add_population(self, label=None, size=1, cell_type=ADEX, parameters=None):
        """Add a population (neurons or spike sources) and select it."""
        is_source = cell_type_of(cell_type).is_source
        label = label or self.unique_label("source" if is_source else "pop")
        population = Population(label, size, cell_type, dict(parameters or {}))
        self._candidate(lambda net: net.add(population))
        self.selection = ("population", label)
        return population

    def add_current_source(self, target, source_type="DCSource", label=None, **values):
        """Inject a current source into population ``target`` and select it."""
        if source_type not in CURRENT_SOURCES:
            raise BuildError(f"unknown current source {source_type!r}")
        label = label or self.unique_label(
            "step" if source_type in ("DCSource", "StepCurrentSource") else "current"
        )
        if not values:
            values = NEW_CURRENT_SOURCES.get(source_type, {})
        targets = [] if target is None else [Target(target)]
        source = CurrentSource(label, source_type, dict(values), targets)
        self._candidate(lambda net: net.add(source))
        self.selection = ("current_source", label)
        return source

    def add_projection(
        self, pre, post, connector=None, weight=None, receptor_type="excitatory"
    ):
        """Connect population ``pre`` to ``post`` and select the projection.

        The default wiring is all-to-all for populations of up to 100 neurons,
        else 10 % random. The default weight suits the target's synapse (0.01 uS
        conductance-based, 0.1 nA current-based) for up to 10 presynaptic
        neurons and shrinks in proportion for more, so a new input drives the
        target without saturating it.

        Raises
        ------
        BuildError
            If the target is a spike source or a population is unknown.
        """
        pre_pop = self.network.population(pre, owner=f"Connection {pre}->{post}")
        post_pop = self.network.population(post, owner=f"Connection {pre}->{post}")
        if connector is None:
            small = pre_pop.size * post_pop.size <= 100 * 100
            connector = AllToAllConnector() if small else FixedProbabilityConnector(0.1)
        if weight is None:
            weight = 0.01 if post_pop.model.conductance_based else 0.1
            weight *= min(1.0, 10.0 / pre_pop.size)
        label = self.unique_label(f"{pre}->{post}")
        projection = Projection(
            label,
            pre,
            post,
            connector,
            Synapse(weight=weight, delay=1.0),
            receptor_type=receptor_type,
        )
        self._candidate(lambda net: net.add(projection))
        self.selection = ("projection", label)
        return projection

    def set_population_size(self, population, size):
        """Change the number of neurons of a population (rebuilds)."""

        def change(net):
            pop = net.population(population)
            pop.size = size
            for name, value in list(pop.parameters.items()):
                if (
                    isinstance(value, np.ndarray)
                    and not pop.model.parameters[name].is_array
                ):
                    pop.parameters[name] = float(np.mean(value))

        self._candidate(change)

    def set_cell_type(self, population, cell_type):
        """Change the model of a population; parameters it lacks are dropped."""

        def change(net):
            pop = net.population(population)
            model = CELL_TYPES[cell_type]
            pop.cell_type = cell_type
            pop.parameters = {
                k: v for k, v in pop.parameters.items() if k in model.parameters
            }
            pop.initial_values = {
                k: v for k, v in pop.initial_values.items() if k in model.initial_values
            }
            if model.is_source:
                net.projections = [p for p in net.projections if p.post != population]
                for source in net.current_sources:
                    source.targets = [
                        t for t in source.targets if t.population != population
                    ]
                net.current_sources = [s for s in net.current_sources if s.targets]

        self._candidate(change)

    def set_projection(self, projection, **changes):
        """Change connector, receptor_type or synapse_type of a projection.

        Parameters
        ----------
        projection : str
        **changes
            ``connector`` (a Connector), ``receptor_type`` ("excitatory" or
            "inhibitory"), ``synapse_type`` ("StaticSynapse" or
            "TsodyksMarkramSynapse") or ``synapse_parameters`` (dict).
        """

        def change(net):
            proj = net.projection(projection)
            if "connector" in changes:
                proj.connector = changes["connector"]
            if "receptor_type" in changes:
                proj.receptor_type = changes["receptor_type"]
            if "synapse_type" in changes:
                proj.synapse.type = changes["synapse_type"]
                if proj.synapse.type == "StaticSynapse":
                    proj.synapse.parameters = {}
            if "synapse_parameters" in changes:
                proj.synapse.parameters.update(changes["synapse_parameters"])

        self._candidate(change)

    def remove(self, kind, label):
        """Delete an object; deleting a population also deletes what refers to it."""

        def change(net):
            if kind == "population":
                net.populations = [p for p in net.populations if p.label != label]
                net.projections = [
                    p for p in net.projections if label not in (p.pre, p.post)
                ]
                for source in net.current_sources:
                    source.targets = [
                        t for t in source.targets if t.population != label
                    ]
                net.current_sources = [s for s in net.current_sources if s.targets]
                net.records = [r for r in net.records if r.population != label]
            elif kind == "projection":
                net.projections = [p for p in net.projections if p.label != label]
            elif kind == "current_source":
                net.current_sources = [
                    s for s in net.current_sources if s.label != label
                ]
            else:
                raise BuildError(f"cannot delete a {kind!r}")

        self._candidate(change)
        if self.selection == (kind, label) or (
            self.selection is not None and not self.has(*self.selection)
        ):
            self.selection = None

    def load(self, network):
        """Replace the whole network, e.g. from a project file or the gallery.

        Raises
        ------
        ParameterError, BuildError
            If ``network`` does not validate; the current network stays.
        """
        network.validate()
        self._restructured(network)
        first = network.populations[0].label if network.populations else None
        self.selection = ("population", first) if first else None

    def undo(self):
        """Take back the last structural edit (add, delete, connect, load...)."""
        if not self._history:
            self.notify("Nothing to undo.")
            return
        self._restructured(self._history.pop(), undoable=False)
        if self.selection is not None and not self.has(*self.selection):
            self.selection = None

    def move(self, kind, label, x, y):
        """Remember where an object sits on the canvas, in pixels."""
        self.layout = {**self.layout, f"{kind}:{label}": {"x": float(x), "y": float(y)}}
        self.revision += 1

    def add_injection(self, source, population):
        """Make current source ``source`` also inject into ``population``."""

        def change(net):
            current = net.current_source(source)
            if any(t.population == population for t in current.targets):
                raise BuildError(f"{current.owner} already injects into {population!r}")
            current.targets.append(Target(population))

        self._candidate(change)

    def remove_injection(self, source, population):
        """Stop current source ``source`` injecting into ``population``."""

        def change(net):
            current = net.current_source(source)
            current.targets = [t for t in current.targets if t.population != population]

        self._candidate(change)

    def has(self, kind, label):
        """True if the network holds an object of ``kind`` called ``label``."""
        items = {
            "population": self.network.populations,
            "projection": self.network.projections,
            "current_source": self.network.current_sources,
        }.get(kind, [])
        return any(item.label == label for item in items)
