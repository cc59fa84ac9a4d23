"""PyNN's standard cell, synapse and current-source models for the adexlab backend.

The adexlab core already uses PyNN's names and units, so every translation table
here is the identity. Plain numbers given to a model are checked against the
core's parameter schemas (:mod:`adexlab.core.celltypes`) when the model is
created; arrays and random values are checked when they reach a population or a
projection.
"""

import logging

import numpy as np
from pyNN.parameters import ParameterSpace, Sequence
from pyNN.standardmodels import (
    StandardCurrentSource,
    build_translations,
    cells,
    electrodes,
    synapses,
)

from .. import network as core_network
from ..celltypes import CELL_TYPES, CURRENT_SOURCES, SYNAPSE_TYPES
from .simulator import check_delay, state

logger = logging.getLogger(__name__)

__all__ = [
    "IF_curr_alpha",
    "IF_curr_exp",
    "IF_cond_alpha",
    "IF_cond_exp",
    "EIF_cond_alpha_isfa_ista",
    "EIF_cond_exp_isfa_ista",
    "SpikeSourcePoisson",
    "SpikeSourceArray",
    "StaticSynapse",
    "TsodyksMarkramSynapse",
    "DCSource",
    "StepCurrentSource",
    "ACSource",
    "NoisyCurrentSource",
]


def _identity(names):
    return build_translations(*((name, name) for name in names))


def core_name(model, names):
    """Return the first class name in the MRO of ``model`` that is among ``names``.

    Scripts may subclass the standard models; the core knows the PyNN names.
    """
    for cls in type(model).__mro__:
        if cls.__name__ in names:
            return cls.__name__
    raise TypeError(f"{type(model).__name__} is not a standard model of adexlab")


def _plain_numbers(parameter_space):
    """Return the values of ``parameter_space`` that are plain numbers."""
    numbers = {}
    for name, lazy in parameter_space.items():
        value = lazy.base_value
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            numbers[name] = float(value)
    return numbers


class _CellTypeMixin:
    """Checks plain-number parameters against the core schema on creation."""

    def __init__(self, **parameters):
        super().__init__(**parameters)
        model = CELL_TYPES[core_name(self, CELL_TYPES)]
        numbers = _plain_numbers(self.parameter_space)
        owner = type(self).__name__
        for name, value in numbers.items():
            model.parameters[name].check(owner, value)
        if len(numbers) == len(self.default_parameters):
            model.check_parameters(owner, numbers)


def _cell_type(base):
    return type(
        base.__name__,
        (_CellTypeMixin, base),
        {
            "__doc__": base.__doc__,
            "__module__": __name__,
            "translations": _identity(base.default_parameters),
        },
    )


IF_curr_alpha = _cell_type(cells.IF_curr_alpha)
IF_curr_exp = _cell_type(cells.IF_curr_exp)
IF_cond_alpha = _cell_type(cells.IF_cond_alpha)
IF_cond_exp = _cell_type(cells.IF_cond_exp)
EIF_cond_alpha_isfa_ista = _cell_type(cells.EIF_cond_alpha_isfa_ista)
EIF_cond_exp_isfa_ista = _cell_type(cells.EIF_cond_exp_isfa_ista)
SpikeSourcePoisson = _cell_type(cells.SpikeSourcePoisson)
SpikeSourceArray = _cell_type(cells.SpikeSourceArray)


# -- synapses ---------------------------------------------------------------


class _SynapseMixin:
    """Minimum delay from the simulator state; plain numbers checked on creation."""

    def __init__(self, **parameters):
        super().__init__(**parameters)
        model = SYNAPSE_TYPES[core_name(self, SYNAPSE_TYPES)]
        owner = type(self).__name__
        for name, value in _plain_numbers(self.parameter_space).items():
            model.parameters[name].check(owner, value)
            if name == "delay":
                check_delay(owner, value, state.dt)

    def _get_minimum_delay(self):
        return state.min_delay


class StaticSynapse(_SynapseMixin, synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = _identity(synapses.StaticSynapse.default_parameters)


class TsodyksMarkramSynapse(_SynapseMixin, synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = _identity(synapses.TsodyksMarkramSynapse.default_parameters)


# -- current sources ----------------------------------------------------------


class _CurrentSource(StandardCurrentSource):
    """A current source kept as data until the simulation is built.

    Parameters changed after the first run are forwarded to the running
    simulation; injecting into more cells after it has run needs ``reset()``.
    """

    def __init__(self, **parameters):
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_targets", [])
        super().__init__(**parameters)
        label = state.unique_label("current source", type(self).__name__.lower())
        object.__setattr__(self, "_core_label", label)
        space = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        space.update(**parameters)
        self.set_native_parameters(self.translate(space))
        state.current_sources.append(self)

    @property
    def _owner(self):
        return f"{type(self).__name__} {self._core_label!r}"

    def get_native_parameters(self):
        return ParameterSpace(dict(self._values), shape=(1,))

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        values = {}
        for name, value in parameters.items():
            if isinstance(value, Sequence):
                value = np.asarray(value.value, dtype=float)
            elif isinstance(value, np.ndarray) and value.dtype == object:
                value = np.asarray(value[0].value, dtype=float)
            values[name] = value
        merged = {**self._values, **values}
        model = CURRENT_SOURCES[core_name(self, CURRENT_SOURCES)]
        model.check_parameters(self._owner, merged)
        self._values.update(values)
        self._check_relations()
        if state.simulation is not None and self._targets:
            state.simulation.set_current_source(self._core_label, **values)

    def _check_relations(self):
        described = core_network.CurrentSource(
            self._core_label, core_name(self, CURRENT_SOURCES), self._plain_values()
        )
        # validate() needs a network only for the targets, which are checked later
        described.validate(core_network.Network())

    def _plain_values(self):
        return {
            name: float(value) if np.ndim(value) == 0 else np.asarray(value, float)
            for name, value in self._values.items()
        }

    def inject_into(self, cells):
        """Inject this current into ``cells``.

        Parameters
        ----------
        cells : Population, PopulationView, Assembly or list of ID

        Raises
        ------
        TypeError
            If a cell is a spike source.
        NotImplementedError
            After the simulation has run, without ``reset()`` first.
        """
        targets = _targets_of(cells)
        for population, _ in targets:
            if not population.celltype.injectable:
                raise TypeError(
                    f"Can't inject current into a spike source: population "
                    f"{population.label!r} is a {type(population.celltype).__name__}"
                )
        state.check_structure_change(f"injecting {type(self).__name__} current")
        self._targets.extend(targets)

    def record(self):
        """Recording the injected current is not available on adexlab."""
        raise NotImplementedError(
            f"recording the current of a {type(self).__name__} is not supported by "
            "the adexlab backend; the waveform follows from its parameters "
            "(or record 'v' of a target cell)"
        )

    def _describe(self):
        if not self._targets:
            return None
        targets = [
            core_network.Target(population._core_label, indices)
            for population, indices in self._targets
        ]
        return core_network.CurrentSource(
            self._core_label,
            core_name(self, CURRENT_SOURCES),
            self._plain_values(),
            targets,
        )


def _targets_of(cells):
    """Group cells into ``(population, indices)`` pairs of their root populations."""
    from pyNN import common

    if isinstance(cells, common.Assembly):
        groups = []
        for member in cells.populations:
            groups.extend(_targets_of(member))
        return groups
    if isinstance(cells, common.PopulationView):
        return [(cells.grandparent, cells.index_in_grandparent(np.arange(cells.size)))]
    if isinstance(cells, common.Population):
        return [(cells, None)]
    by_population = {}
    for cell in cells:
        parent = cell.parent
        population = getattr(parent, "grandparent", parent)
        index = int(parent.id_to_index(cell))
        if parent is not population:
            index = int(parent.index_in_grandparent(np.array([index]))[0])
        by_population.setdefault(id(population), (population, []))[1].append(index)
    return [(pop, np.array(sorted(idx))) for pop, idx in by_population.values()]


def _current_source(base):
    return type(
        base.__name__,
        (_CurrentSource, base),
        {
            "__doc__": base.__doc__,
            "__module__": __name__,
            "translations": _identity(base.default_parameters),
        },
    )


DCSource = _current_source(electrodes.DCSource)
StepCurrentSource = _current_source(electrodes.StepCurrentSource)
ACSource = _current_source(electrodes.ACSource)
NoisyCurrentSource = _current_source(electrodes.NoisyCurrentSource)
