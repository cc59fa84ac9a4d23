"""Population, PopulationView and Assembly of the adexlab PyNN backend.

A population keeps its parameters and initial values as per-neuron arrays,
evaluated with PyNN's own machinery (so random distributions draw from the
script's RNG exactly as on other backends) and validated by the core network
description as they arrive. Changes made after the first run are forwarded to
the running simulation.
"""

import logging

import numpy as np
from pyNN import common, errors, space
from pyNN.parameters import LazyArray, ParameterSpace, Sequence, simplify

from .. import network as core_network
from ..celltypes import CELL_TYPES, MAX_POPULATION_SIZE
from ..exceptions import ParameterError
from . import simulator
from .recording import Recorder
from .simulator import ID, state
from .standardmodels import core_name

logger = logging.getLogger(__name__)


def _as_core_value(value):
    """Return a per-neuron array as a number when all entries are equal."""
    if isinstance(value, list):
        return value
    array = np.asarray(value, dtype=float)
    if array.size and np.all(array == array.flat[0]):
        return float(array.flat[0])
    return array


def _as_array(value, size):
    """Evaluate a PyNN value into a ``(size,)`` array (list of arrays for sequences)."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return [np.asarray(item.value, dtype=float) for item in value]
    if isinstance(value, Sequence):
        return [np.asarray(value.value, dtype=float)] * size
    return np.broadcast_to(np.asarray(value, dtype=float), (size,)).copy()


class Assembly(common.Assembly):
    __doc__ = common.Assembly.__doc__
    _simulator = simulator


class PopulationView(common.PopulationView):
    __doc__ = common.PopulationView.__doc__
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        return self.grandparent._parameter_space(
            names, self.index_in_grandparent(np.arange(self.size))
        )

    def _set_parameters(self, parameter_space):
        indices = self.index_in_grandparent(np.arange(self.size))
        self.grandparent._update_parameters(parameter_space, indices)

    def _get_native_parameters(self, *names):
        return self._get_parameters(*names)

    @property
    def initial_values(self):
        """Initial values of the cells in this view, as lazy arrays."""
        indices = self.index_in_grandparent(np.arange(self.size))
        return {
            name: LazyArray(values[indices], shape=(self.size,))
            for name, values in self.grandparent._initial_values.items()
        }

    def initialize(self, **initial_values):
        """Set initial values of state variables of the cells in this view."""
        indices = self.index_in_grandparent(np.arange(self.size))
        for variable, value in initial_values.items():
            lazy = LazyArray(value, shape=(self.size,), dtype=float)
            self.grandparent._set_initial_values(variable, lazy.evaluate(), indices)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(
        self,
        size,
        cellclass,
        cellparams=None,
        structure=None,
        initial_values=None,
        label=None,
    ):
        owner = f"Population {label!r}" if label else "Population"
        if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
            if not 1 <= size <= MAX_POPULATION_SIZE:
                raise ParameterError(
                    owner,
                    "size",
                    f"must be in [1, {MAX_POPULATION_SIZE}] neurons, got {size}",
                )
        state.check_structure_change("creating a Population")
        self._initial_values = {}
        self._initial_values_changed = set()
        super().__init__(
            size, cellclass, cellparams, structure, initial_values or {}, label
        )
        self._core_label = state.unique_label("population", self.label)
        try:
            self._describe().validate()
        except Exception:
            # PyNN's constructor registered the recorder; a rejected population
            # must leave no trace in the running state
            state.recorders.discard(self.recorder)
            raise
        state.populations.append(self)

    @property
    def _owner(self):
        return f"Population {self.label!r}"

    def _create_cells(self):
        first = state.id_counter
        self.all_cells = np.array(
            [ID(i) for i in range(first, first + self.size)], dtype=ID
        )
        self._mask_local = np.ones(self.size, dtype=bool)
        for cell in self.all_cells:
            cell.parent = self
        state.id_counter += self.size

        space = self.celltype.native_parameters
        space.shape = (self.size,)
        space.evaluate(mask=self._mask_local, simplify=False)
        self._parameters = {
            name: _as_array(value, self.size) for name, value in space.items()
        }

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    # -- parameters ------------------------------------------------------------

    def _parameter_space(self, names, indices=None):
        values = {}
        for name in names:
            if name not in self._parameters:
                raise errors.NonExistentParameterError(
                    name, self.celltype, self.celltype.get_parameter_names()
                )
            value = self._parameters[name]
            if indices is not None:
                value = (
                    [value[i] for i in indices]
                    if isinstance(value, list)
                    else value[indices]
                )
            if isinstance(value, list):
                value = np.array([Sequence(v) for v in value], dtype=object)
            values[name] = simplify(value)
        size = self.size if indices is None else len(indices)
        return ParameterSpace(values, shape=(size,))

    def _get_parameters(self, *names):
        return self._parameter_space(names)

    def _get_native_parameters(self, *names):
        return self._parameter_space(names)

    def _set_parameters(self, parameter_space):
        self._update_parameters(parameter_space, np.arange(self.size))

    def _update_parameters(self, parameter_space, indices):
        """Evaluate, validate and store new values for the cells at ``indices``."""
        parameter_space.evaluate(simplify=False)
        new = {}
        for name, value in parameter_space.items():
            current = self._parameters[name]
            update = _as_array(value, len(indices))
            if isinstance(current, list):
                merged = list(current)
                for i, item in zip(indices, update):
                    merged[i] = item
            else:
                merged = current.copy()
                merged[indices] = update
            new[name] = merged
        candidate = self._describe(parameters={**self._parameters, **new})
        candidate.validate()
        self._parameters.update(new)
        if state.simulation is not None:
            for name in new:
                value = new[name]
                part = (
                    [value[i] for i in indices]
                    if isinstance(value, list)
                    else value[indices]
                )
                state.simulation.set_parameter(
                    self._core_label, name, part, indices=np.asarray(indices)
                )

    # -- initial values --------------------------------------------------------

    def initialize(self, **initial_values):
        """Set initial values of state variables, e.g. ``v`` in mV.

        Values may be numbers, ``(size,)`` arrays, RandomDistributions or
        functions of the cell index, as in PyNN. Random values are drawn once,
        here; ``initial_values`` then holds the drawn numbers, so the state
        after ``reset()`` and the first recorded sample are the same draw.
        Called after the first run, it also sets the state of the running
        simulation.
        """
        for variable, value in initial_values.items():
            lazy = LazyArray(value, shape=(self.size,), dtype=float)
            self._set_initial_value_array(variable, lazy)

    def _set_initial_value_array(self, variable, initial_values):
        values = np.asarray(initial_values.evaluate(), dtype=float)
        self._set_initial_values(variable, values, np.arange(self.size))

    def _set_initial_values(self, variable, values, indices):
        """Validate and store initial values; set the state if the run has begun."""
        current = self._initial_values.get(variable)
        merged = np.zeros(self.size) if current is None else current.copy()
        merged[indices] = values
        if hasattr(self, "_core_label"):
            candidate = self._describe(
                initial_values={**self._initial_values, variable: merged}
            )
            candidate.validate()
        self._initial_values[variable] = merged
        self.initial_values[variable] = LazyArray(merged.copy(), shape=(self.size,))
        if state.simulation is not None:
            state.simulation.set_state(self._core_label, variable, merged)
            self._initial_values_changed.add(variable)

    def _reapply_initial_values(self):
        """After a reset, restore initial values changed since the build."""
        for variable in sorted(self._initial_values_changed):
            state.simulation.set_state(
                self._core_label, variable, self._initial_values[variable]
            )

    # -- description -------------------------------------------------------------

    def _describe(self, parameters=None, initial_values=None):
        """Return this population as a core network Population."""
        parameters = self._parameters if parameters is None else parameters
        initial_values = (
            self._initial_values if initial_values is None else initial_values
        )
        return core_network.Population(
            label=getattr(self, "_core_label", None) or self.label,
            size=int(self.size),
            cell_type=core_name(self.celltype, CELL_TYPES),
            parameters={k: _as_core_value(v) for k, v in parameters.items()},
            initial_values={k: _as_core_value(v) for k, v in initial_values.items()},
            structure=self._core_structure(),
        )

    def _core_structure(self):
        """Translate PyNN's Line or sequential Grid2D into the core's structure.

        Other structures (Grid3D, RandomStructure, a random fill order) have no
        core counterpart yet; the description then carries none, which the
        simulation does not need because connectors used PyNN's positions.
        """
        structure = self.structure
        if isinstance(structure, space.Line):
            return core_network.Line(dx=float(structure.dx), x0=float(structure.x0))
        if isinstance(structure, space.Grid2D) and structure.fill_order == "sequential":
            nx, ny = structure.calculate_size(int(self.size))
            return core_network.Grid2D(
                int(nx),
                int(ny),
                dx=float(structure.dx),
                dy=float(structure.dy),
                x0=float(structure.x0),
                y0=float(structure.y0),
            )
        return None
