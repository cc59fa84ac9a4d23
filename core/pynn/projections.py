"""Projection of the adexlab PyNN backend.

PyNN's own connector classes compute the connections; the projection captures
them through the ``_convergent_connect`` hook as index arrays with one weight and
delay per connection. In the network description each pair of source and target
populations becomes one core Projection with a FromListConnector. Weights and
delays changed after the first run are forwarded to the running simulation.
"""

import logging
from types import SimpleNamespace

import numpy as np
from pyNN import common, connectors
from pyNN.space import Space

from .. import network as core_network
from ..celltypes import SYNAPSE_TYPES
from . import simulator
from .simulator import check_delay, state
from .standardmodels import StaticSynapse, core_name

logger = logging.getLogger(__name__)

_AGGREGATE = {"sum": np.add.at, "min": np.minimum.at, "max": np.maximum.at}

#: Largest pre x post matrix evaluated whole by Projection.set (8 bytes per pair).
_MAX_EVALUATED_PAIRS = 25_000_000


class Connection(common.Connection):
    """One connection of a projection: read and write its weight and delay."""

    def __init__(self, projection, index):
        self.projection = projection
        self.index = index

    @property
    def presynaptic_index(self):
        return int(self.projection._pre_idx[self.index])

    @property
    def postsynaptic_index(self):
        return int(self.projection._post_idx[self.index])

    def _get(self, name):
        return float(self.projection._values[name][self.index])

    def _set(self, name, value):
        values = self.projection._values[name].copy()
        values[self.index] = value
        self.projection._store({name: values})

    weight = property(
        lambda self: self._get("weight"), lambda self, value: self._set("weight", value)
    )
    delay = property(
        lambda self: self._get("delay"), lambda self, value: self._set("delay", value)
    )

    def as_tuple(self, *attribute_names):
        return tuple(
            getattr(self, name) if name.endswith("index") else self._get(name)
            for name in attribute_names
        )


def _roots(neurons, indices):
    """Map indices within a Population, View or Assembly to root populations.

    Returns
    -------
    roots : list of Population
    which : (n,) ndarray of int
        Position in ``roots`` of each index.
    local : (n,) ndarray of int64
        Index within that root population.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if isinstance(neurons, common.Assembly):
        members = list(neurons.populations)
        bounds = np.cumsum([0] + [m.size for m in members])
        member = np.searchsorted(bounds, indices, side="right") - 1
    else:
        members, bounds = [neurons], np.array([0])
        member = np.zeros(indices.size, dtype=np.int64)
    roots, which = [], np.zeros(indices.size, dtype=np.int64)
    local = np.zeros(indices.size, dtype=np.int64)
    for m, part in enumerate(members):
        mask = member == m
        within = indices[mask] - bounds[m]
        root = getattr(part, "grandparent", part)
        if root is not part:
            within = part.index_in_grandparent(within)
        position = next((k for k, r in enumerate(roots) if r is root), None)
        if position is None:
            roots.append(root)
            position = len(roots) - 1
        which[mask] = position
        local[mask] = within
    return roots, which, local


def _core_connector(connector):
    """Return the core connector matching a PyNN connector, or None."""
    self_ok = connector.__dict__.get("allow_self_connections", True)
    self_ok = self_ok if isinstance(self_ok, bool) else True
    if isinstance(connector, connectors.FixedProbabilityConnector):
        return core_network.FixedProbabilityConnector(connector.p_connect, self_ok)
    if isinstance(connector, connectors.DistanceDependentProbabilityConnector):
        return core_network.DistanceDependentProbabilityConnector(
            connector.d_expression, self_ok
        )
    n = getattr(connector, "n", None)
    if isinstance(n, (int, np.integer)):
        replace = bool(getattr(connector, "with_replacement", False))
        if isinstance(connector, connectors.FixedNumberPreConnector):
            return core_network.FixedNumberPreConnector(int(n), self_ok, replace)
        if isinstance(connector, connectors.FixedNumberPostConnector):
            return core_network.FixedNumberPostConnector(int(n), self_ok, replace)
    return None


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(
        self,
        presynaptic_population,
        postsynaptic_population,
        connector,
        synapse_type=None,
        source=None,
        receptor_type=None,
        space=Space(),
        label=None,
    ):
        state.check_structure_change("creating a Projection")
        super().__init__(
            presynaptic_population,
            postsynaptic_population,
            connector,
            synapse_type,
            source,
            receptor_type,
            space,
            label,
        )
        self.label = self.label or f"projection{common.Projection._nProj}"
        described = _core_connector(connector)
        if described is not None:
            described.validate(self._owner, _size_of(self.pre), _size_of(self.post))

        self._chunks = []
        connector.connect(self)
        self._collect()
        self._groups = self._split()
        self._check(self._values)

        state.projections.append(self)
        logger.debug(
            "%s: %d connections in %d group(s)",
            self._owner,
            len(self),
            len(self._groups),
        )

    @property
    def _owner(self):
        return f"Projection {self.label!r}"

    def __len__(self):
        return int(self._pre_idx.size)

    def __getitem__(self, i):
        return Connection(self, i)

    @property
    def connections(self):
        """Iterator over the connections of this projection."""
        return (Connection(self, i) for i in range(len(self)))

    # -- capturing connections --------------------------------------------------

    def _convergent_connect(
        self,
        presynaptic_indices,
        postsynaptic_index,
        location_selector=None,
        **connection_parameters,
    ):
        if location_selector is not None:
            raise NotImplementedError(
                "adexlab has point neurons only; a location_selector needs a "
                "multicompartment backend such as pyNN.neuron"
            )
        pre = np.asarray(presynaptic_indices, dtype=np.int64).ravel()
        values = {
            name: np.broadcast_to(np.asarray(value, dtype=float), pre.shape).copy()
            for name, value in connection_parameters.items()
        }
        self._chunks.append((pre, int(postsynaptic_index), values))

    def _collect(self):
        names = list(self.synapse_type.get_native_names())
        if not self._chunks:
            self._pre_idx = np.zeros(0, dtype=np.int64)
            self._post_idx = np.zeros(0, dtype=np.int64)
            self._values = {name: np.zeros(0) for name in names}
            return
        self._pre_idx = np.concatenate([c[0] for c in self._chunks])
        self._post_idx = np.concatenate(
            [np.full(c[0].size, c[1], dtype=np.int64) for c in self._chunks]
        )
        self._values = {
            name: np.concatenate([c[2][name] for c in self._chunks]) for name in names
        }
        del self._chunks

    def _split(self):
        """Group connections by (source population, target population)."""
        pre_roots, pre_which, pre_local = _roots(self.pre, self._pre_idx)
        post_roots, post_which, post_local = _roots(self.post, self._post_idx)
        groups = []
        for i, pre in enumerate(pre_roots):
            for j, post in enumerate(post_roots):
                mask = (pre_which == i) & (post_which == j)
                if not mask.any():
                    continue
                groups.append(
                    SimpleNamespace(
                        pre=pre,
                        post=post,
                        mask=mask,
                        pre_local=pre_local[mask],
                        post_local=post_local[mask],
                    )
                )
        base = self.label
        for group in groups:
            if len(groups) > 1:
                base = f"{self.label}[{group.pre.label}->{group.post.label}]"
            group.label = state.unique_label("projection", base)
        return groups

    def _core_labels(self):
        return [group.label for group in getattr(self, "_groups", [])]

    def _max_delay(self):
        return float(np.max(self._values["delay"]))

    # -- description and validation -----------------------------------------------

    def _describe(self, values=None):
        """Return one core Projection per pair of source and target populations."""
        values = self._values if values is None else values
        synapse_name = core_name(self.synapse_type, SYNAPSE_TYPES)
        described = []
        for group in self._groups:
            part = {name: _compact(v[group.mask]) for name, v in values.items()}
            synapse = core_network.Synapse(
                type=synapse_name,
                weight=part.pop("weight"),
                delay=part.pop("delay"),
                parameters=part,
            )
            described.append(
                core_network.Projection(
                    label=group.label,
                    pre=group.pre._core_label,
                    post=group.post._core_label,
                    connector=core_network.FromListConnector(
                        group.pre_local, group.post_local
                    ),
                    synapse=synapse,
                    receptor_type=self.receptor_type,
                )
            )
        return described

    def _check(self, values):
        """Validate per-connection values through the core description."""
        check_delay(self._owner, values["delay"], state.dt)
        for described, group in zip(self._describe(values), self._groups):
            network = core_network.Network(populations=[group.pre._describe()])
            if group.post is not group.pre:
                network.add(group.post._describe())
            described.validate(network)

    # -- get and set ---------------------------------------------------------------

    def _set_attributes(self, parameter_space):
        new = {}
        full_matrix = self.pre.size * self.post.size <= _MAX_EVALUATED_PAIRS
        for name, lazy in parameter_space.items():
            if lazy.is_homogeneous:
                value = np.full(len(self), float(lazy.evaluate(simplify=True)))
            elif full_matrix:
                # evaluate every (pre, post) pair, as pyNN.nest does, so that a
                # RandomDistribution draws the same numbers from the script's RNG
                matrix = np.asarray(lazy.evaluate(simplify=False), dtype=float)
                value = matrix[self._pre_idx, self._post_idx]
            else:
                # LIMITATION: above _MAX_EVALUATED_PAIRS only the connected pairs are
                # drawn, so random values differ from those of other backends
                value = np.asarray(lazy[self._pre_idx, self._post_idx], dtype=float)
            new[name] = value
        self._store(new)

    def _store(self, new):
        """Validate, keep and forward new per-connection values."""
        self._check({**self._values, **new})
        plasticity = [name for name in new if name not in ("weight", "delay")]
        self._values.update(new)
        simulation = state.simulation
        if simulation is None:
            return
        for group in self._groups:
            if "weight" in new:
                simulation.set_weights(group.label, new["weight"][group.mask])
            if "delay" in new:
                simulation.set_delays(group.label, new["delay"][group.mask])
            for name in plasticity:
                simulation.set_synapse_parameter(
                    group.label, name, new[name][group.mask]
                )

    def _get_attributes_as_list(self, names):
        columns = []
        for name in names:
            if name == "presynaptic_index":
                columns.append(self._pre_idx.astype(float))
            elif name == "postsynaptic_index":
                columns.append(self._post_idx.astype(float))
            else:
                columns.append(self._values[name])
        if not columns:
            return []
        return [tuple(row) for row in np.column_stack(columns).tolist()]

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        shape = (self.pre.size, self.post.size)
        arrays = []
        for name in names:
            name = (
                name[:-1] if name not in self._values and name.endswith("s") else name
            )
            values = self._values[name]
            result = np.full(shape, np.nan)
            if len(self) == 0:
                arrays.append(result)
                continue
            if multiple_synapses in _AGGREGATE:
                start = {"sum": 0.0, "min": np.inf, "max": -np.inf}[multiple_synapses]
                filled = np.full(shape, start)
                _AGGREGATE[multiple_synapses](
                    filled, (self._pre_idx, self._post_idx), values
                )
                connected = np.zeros(shape, dtype=bool)
                connected[self._pre_idx, self._post_idx] = True
                result[connected] = filled[connected]
            else:
                order = np.arange(len(self))
                if multiple_synapses == "first":
                    order = order[::-1]
                result[self._pre_idx[order], self._post_idx[order]] = values[order]
            arrays.append(result)
        return arrays


def _size_of(neurons):
    return SimpleNamespace(label=neurons.label, size=neurons.size)


def _compact(values):
    """Return per-connection values as one number when they are all equal."""
    if values.size and np.all(values == values[0]):
        return float(values[0])
    return values
