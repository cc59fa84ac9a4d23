"""The network description: populations, projections, current sources, recordings.

A :class:`Network` is pure, validated data. It holds no simulation state and
serialises to plain JSON-compatible dicts and back without loss, with a schema
version. The simulator, the PyNN layer, the browser lab, the emulated chip and
export all read this one description. Values are in PyNN units (ms, mV, nA, uS,
nF, Hz; AdEx ``a`` in nS).

A value of a parameter, weight or delay is one of: a number, used for every
element; an array with one entry per neuron (or per connection); or a
:class:`~adexlab.core.random.RandomValue` drawn when the network is built.

This module must not import panel, holoviews or bokeh.
"""

import json
import math
from dataclasses import dataclass, field

import numpy as np

from .celltypes import (
    CURRENT_SOURCES,
    MAX_POPULATION_SIZE,
    SYNAPSE_TYPES,
    cell_type,
)
from .exceptions import BuildError, ParameterError
from .random import RandomValue

__all__ = [
    "SCHEMA_VERSION",
    "Line",
    "Grid2D",
    "Population",
    "Synapse",
    "Connector",
    "AllToAllConnector",
    "OneToOneConnector",
    "FixedProbabilityConnector",
    "FixedNumberPreConnector",
    "FixedNumberPostConnector",
    "FromListConnector",
    "DistanceDependentProbabilityConnector",
    "CONNECTORS",
    "Projection",
    "Target",
    "CurrentSource",
    "Record",
    "Network",
    "RECEPTOR_TYPES",
]

#: Version of the dict layout written by :meth:`Network.to_dict`.
SCHEMA_VERSION = 1

#: Receptor types every cell offers.
RECEPTOR_TYPES = ("excitatory", "inhibitory")

#: Largest number of explicit connections a FromListConnector may hold.
MAX_CONNECTIONS = 2_000_000_000


# ---------------------------------------------------------------------------
# Values


def encode_value(value):
    """Return ``value`` (number, array or RandomValue) as JSON-compatible data."""
    if isinstance(value, RandomValue):
        return {"random": value.to_dict()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [encode_value(item) for item in value]
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def decode_value(data):
    """Inverse of :func:`encode_value`: lists become float64 arrays."""
    if isinstance(data, dict):
        if set(data) != {"random"}:
            raise BuildError(f"expected {{'random': ...}}, got keys {sorted(data)}")
        spec = data["random"]
        return RandomValue(spec["distribution"], dict(spec["parameters"]))
    if isinstance(data, list):
        if any(isinstance(item, list) for item in data):
            return [np.asarray(item, dtype=float) for item in data]
        return np.asarray(data, dtype=float)
    return data


def _check_value(owner, name, value, n, spec, what="neurons"):
    """Validate a number, an ``(n,)`` array or a RandomValue against ``spec``."""
    if isinstance(value, RandomValue):
        return
    if isinstance(value, (list, tuple, np.ndarray)) and not spec.is_array:
        array = np.asarray(value, dtype=float) if _is_numeric(value) else None
        if array is None or array.ndim != 1 or array.shape[0] != n:
            shape = np.shape(value) if _is_numeric(value) else "ragged"
            raise ParameterError(
                owner,
                name,
                f"needs one value per {what[:-1]} ({n}) or a single number, "
                f"got an array of shape {shape}",
            )
        spec.check(owner, array)
        return
    if spec.is_array:
        _check_array_parameter(owner, name, value, n, spec)
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(
            f"{owner}: {name} must be a number, an array or a RandomValue, "
            f"got {type(value).__name__}"
        )
    spec.check(owner, value)


def _is_numeric(value):
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _check_array_parameter(owner, name, value, n, spec):
    """Check a sequence-valued parameter: one sequence, or one per neuron."""
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray | list):
        if len(value) != n:
            raise ParameterError(
                owner,
                name,
                f"needs one sequence per neuron ({n}) or one for all, got {len(value)}",
            )
        items = value
    else:
        items = [value]
    for item in items:
        array = np.asarray(item, dtype=float)
        if array.ndim != 1:
            raise ParameterError(
                owner, name, f"must be a 1-D sequence, got {array.shape}"
            )
        spec.check(owner, array)
        if name in ("spike_times", "times") and np.any(np.diff(array) < 0):
            raise ParameterError(owner, name, "must be sorted in increasing order")


# ---------------------------------------------------------------------------
# Spatial structure


@dataclass
class Line:
    """Neurons on a line at ``x0, x0 + dx, ...`` (PyNN's default structure)."""

    dx: float = 1.0
    x0: float = 0.0

    kind = "Line"

    def positions(self, n):
        """Return positions as a ``(3, n)`` array."""
        pos = np.zeros((3, n))
        pos[0] = self.x0 + self.dx * np.arange(n)
        return pos

    def check(self, owner, n):
        """Validate the structure for ``n`` neurons."""
        _check_finite(owner, "structure.dx", self.dx)


@dataclass
class Grid2D:
    """Neurons on an ``nx`` by ``ny`` grid, filled as PyNN's ``Grid2D`` fills it.

    Neuron ``i`` sits at column ``i // ny`` and row ``i % ny`` (y varies fastest),
    the order of ``pyNN.space.Grid2D(aspect_ratio=nx / ny)``, so a network keeps its
    layout when it is exported to PyNN.

    Parameters
    ----------
    nx, ny : int
        Columns and rows; ``nx * ny`` must equal the population size.
    dx, dy : float
        Spacing, in arbitrary length units shared by all populations.
    x0, y0 : float
        Position of the first neuron.
    """

    nx: int
    ny: int
    dx: float = 1.0
    dy: float = 1.0
    x0: float = 0.0
    y0: float = 0.0

    kind = "Grid2D"

    def positions(self, n):
        """Return positions as a ``(3, n)`` array."""
        index = np.arange(n)
        pos = np.zeros((3, n))
        pos[0] = self.x0 + self.dx * (index // self.ny)
        pos[1] = self.y0 + self.dy * (index % self.ny)
        return pos

    def check(self, owner, n):
        """Validate the structure for ``n`` neurons."""
        if self.nx * self.ny != n:
            raise ParameterError(
                owner,
                "structure",
                f"Grid2D of {self.nx} x {self.ny} holds {self.nx * self.ny} neurons, "
                f"the population has {n}",
            )
        for name in ("dx", "dy", "x0", "y0"):
            _check_finite(owner, f"structure.{name}", getattr(self, name))


_STRUCTURES = {"Line": Line, "Grid2D": Grid2D}


def _check_finite(owner, name, value):
    if not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
        raise ParameterError(owner, name, f"must be a finite number, got {value!r}")


def _structure_to_dict(structure):
    if structure is None:
        return None
    data = {k: getattr(structure, k) for k in structure.__dataclass_fields__}
    return {"kind": structure.kind, **data}


def _structure_from_dict(data):
    if data is None:
        return None
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in _STRUCTURES:
        raise BuildError(f"unknown structure kind {kind!r}; known: {list(_STRUCTURES)}")
    return _STRUCTURES[kind](**data)


# ---------------------------------------------------------------------------
# Populations


def _check_label(kind, label):
    if not isinstance(label, str) or not label.strip():
        raise ParameterError(
            kind, "label", f"must be a non-empty string, got {label!r}"
        )


@dataclass
class Population:
    """A group of neurons (or spike sources) of one cell type.

    Parameters
    ----------
    label : str
        Unique name within the network.
    size : int
        Number of neurons, 1 to :data:`~adexlab.core.celltypes.MAX_POPULATION_SIZE`.
    cell_type : str
        PyNN name of the model, e.g. ``"EIF_cond_exp_isfa_ista"``.
    parameters : dict
        Parameter values that differ from the cell type's defaults: numbers,
        ``(size,)`` arrays or RandomValues, in PyNN units.
    initial_values : dict
        Initial state (``"v"``, ``"w"``, ``"gsyn_exc"``, ...); ``v`` defaults to
        ``v_rest``.
    structure : Line or Grid2D or None
        Spatial layout, used by distance-dependent connectors and the lab.
    """

    label: str
    size: int
    cell_type: str
    parameters: dict = field(default_factory=dict)
    initial_values: dict = field(default_factory=dict)
    structure: object = None

    @property
    def owner(self):
        return f"Population {self.label!r}"

    @property
    def model(self):
        """The :class:`~adexlab.core.celltypes.CellType` of this population."""
        return cell_type(self.cell_type)

    def positions(self):
        """Return neuron positions as a ``(3, size)`` array."""
        return (self.structure or Line()).positions(self.size)

    def validate(self):
        """Check size, cell type, parameters, initial values and structure.

        Raises
        ------
        ParameterError, BuildError, TypeError
        """
        _check_label("Population", self.label)
        if isinstance(self.size, bool) or not isinstance(self.size, (int, np.integer)):
            raise ParameterError(
                self.owner, "size", f"must be a whole number, got {self.size!r}"
            )
        if not 1 <= self.size <= MAX_POPULATION_SIZE:
            raise ParameterError(
                self.owner,
                "size",
                f"must be in [1, {MAX_POPULATION_SIZE}] neurons, got {self.size}",
            )
        try:
            model = self.model
        except BuildError as error:
            raise BuildError(f"{self.owner}: {error}") from None
        for name, value in self.parameters.items():
            if name not in model.parameters:
                known = ", ".join(model.parameters)
                raise ParameterError(
                    self.owner,
                    name,
                    f"is not a parameter of {model.name}; known parameters: {known}",
                )
            _check_value(self.owner, name, value, self.size, model.parameters[name])
        fixed = {
            k: v
            for k, v in self.parameters.items()
            if not isinstance(v, RandomValue) and not model.parameters[k].is_array
        }
        model.check_parameters(self.owner, fixed)
        self._check_initial_values(model)
        if self.structure is not None:
            self.structure.check(self.owner, self.size)

    def _check_initial_values(self, model):
        from .celltypes import VOLTAGE_LIMIT, ParameterSpec

        for name, value in self.initial_values.items():
            if name not in model.initial_values:
                known = ", ".join(model.initial_values) or "none"
                raise ParameterError(
                    self.owner,
                    f"initial value {name!r}",
                    f"is not a state variable of {model.name}; known: {known}",
                )
            if name == "v":
                spec = ParameterSpec(
                    "v", 0.0, "mV", "", lower=-VOLTAGE_LIMIT, upper=VOLTAGE_LIMIT
                )
            elif name.startswith("gsyn"):
                spec = ParameterSpec(name, 0.0, "uS", "", lower=0.0)
            else:
                spec = ParameterSpec(name, 0.0, "nA", "")
            _check_value(self.owner, f"initial {name}", value, self.size, spec)

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "label": self.label,
            "size": int(self.size),
            "cell_type": self.cell_type,
            "parameters": {k: encode_value(v) for k, v in self.parameters.items()},
            "initial_values": {
                k: encode_value(v) for k, v in self.initial_values.items()
            },
            "structure": _structure_to_dict(self.structure),
        }

    @classmethod
    def from_dict(cls, data):
        """Build a Population from :meth:`to_dict` output."""
        return cls(
            label=data["label"],
            size=data["size"],
            cell_type=data["cell_type"],
            parameters={k: decode_value(v) for k, v in data["parameters"].items()},
            initial_values={
                k: decode_value(v) for k, v in data["initial_values"].items()
            },
            structure=_structure_from_dict(data.get("structure")),
        )


# ---------------------------------------------------------------------------
# Connectors


@dataclass
class Connector:
    """Base class of the wiring rules; ``type`` is the PyNN class name."""

    type = "Connector"

    def validate(self, owner, pre, post):
        """Check the rule's parameters against the two populations."""

    def to_dict(self):
        """Return a JSON-compatible dict."""
        data = {"type": self.type}
        for name in self.__dataclass_fields__:
            data[name] = encode_value(getattr(self, name))
        return data


@dataclass
class AllToAllConnector(Connector):
    """Connect every presynaptic neuron to every postsynaptic one."""

    allow_self_connections: bool = True
    type = "AllToAllConnector"


@dataclass
class OneToOneConnector(Connector):
    """Connect neuron i of the source to neuron i of the target (equal sizes)."""

    type = "OneToOneConnector"

    def validate(self, owner, pre, post):
        if pre.size != post.size:
            raise BuildError(
                f"{owner}: OneToOneConnector needs populations of equal size, "
                f"got {pre.label!r} with {pre.size} and {post.label!r} with {post.size}"
            )


@dataclass
class FixedProbabilityConnector(Connector):
    """Connect each pair independently with probability ``p_connect``."""

    p_connect: float = 0.1
    allow_self_connections: bool = True
    type = "FixedProbabilityConnector"

    def validate(self, owner, pre, post):
        _check_probability(owner, "p_connect", self.p_connect)


@dataclass
class FixedNumberPreConnector(Connector):
    """Give each postsynaptic neuron exactly ``n`` presynaptic partners."""

    n: int = 1
    allow_self_connections: bool = True
    with_replacement: bool = False
    type = "FixedNumberPreConnector"

    def validate(self, owner, pre, post):
        _check_count(
            owner, self.n, pre.size, self.with_replacement, "presynaptic", pre.label
        )


@dataclass
class FixedNumberPostConnector(Connector):
    """Give each presynaptic neuron exactly ``n`` postsynaptic partners."""

    n: int = 1
    allow_self_connections: bool = True
    with_replacement: bool = False
    type = "FixedNumberPostConnector"

    def validate(self, owner, pre, post):
        _check_count(
            owner, self.n, post.size, self.with_replacement, "postsynaptic", post.label
        )


@dataclass
class FromListConnector(Connector):
    """Explicit connections: ``pre[k] -> post[k]`` for every k.

    Parameters
    ----------
    pre, post : (n_connections,) array of int
        Population-local indices.
    """

    pre: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    post: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    type = "FromListConnector"

    def __post_init__(self):
        self.pre = np.asarray(self.pre, dtype=np.int64)
        self.post = np.asarray(self.post, dtype=np.int64)

    def validate(self, owner, pre, post):
        if self.pre.ndim != 1 or self.pre.shape != self.post.shape:
            raise BuildError(
                f"{owner}: FromListConnector needs equal-length 1-D index lists, "
                f"got shapes {self.pre.shape} and {self.post.shape}"
            )
        if self.pre.size > MAX_CONNECTIONS:
            raise BuildError(
                f"{owner}: {self.pre.size} connections exceed the limit "
                f"of {MAX_CONNECTIONS}"
            )
        for name, index, population in (
            ("pre", self.pre, pre),
            ("post", self.post, post),
        ):
            if index.size and (index.min() < 0 or index.max() >= population.size):
                bad = index[(index < 0) | (index >= population.size)][0]
                raise BuildError(
                    f"{owner}: FromListConnector {name} index {bad} is outside "
                    f"population {population.label!r} of size {population.size}"
                )

    def to_dict(self):
        return {"type": self.type, "pre": self.pre.tolist(), "post": self.post.tolist()}


@dataclass
class DistanceDependentProbabilityConnector(Connector):
    """Connect with a probability given by an expression of the distance ``d``.

    Parameters
    ----------
    d_expression : str
        Expression in ``d`` (distance between positions), using numpy functions
        ``exp``, ``sqrt``, ``abs``, ``minimum``, ``maximum`` and comparisons, e.g.
        ``"exp(-d / 3.0)"`` or ``"d < 3"``. Evaluated safely, never with ``eval``
        of arbitrary code.
    """

    d_expression: str = "1.0"
    allow_self_connections: bool = True
    type = "DistanceDependentProbabilityConnector"

    def validate(self, owner, pre, post):
        from .connectors import compile_distance_expression

        compile_distance_expression(owner, self.d_expression)


def _check_probability(owner, name, p):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.number)):
        raise TypeError(f"{owner}: {name} must be a number, got {type(p).__name__}")
    if not (0.0 <= p <= 1.0):
        raise ParameterError(owner, name, f"must be in [0, 1], got {p}")


def _check_count(owner, n, available, with_replacement, side, label):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ParameterError(owner, "n", f"must be a whole number, got {n!r}")
    if n < 0:
        raise ParameterError(owner, "n", f"must be >= 0, got {n}")
    if not with_replacement and n > available:
        raise ParameterError(
            owner,
            "n",
            f"must be <= {available} (the size of {side} population {label!r}) "
            f"without replacement, got {n}",
        )


#: Connector classes by PyNN name.
CONNECTORS = {
    cls.type: cls
    for cls in [
        AllToAllConnector,
        OneToOneConnector,
        FixedProbabilityConnector,
        FixedNumberPreConnector,
        FixedNumberPostConnector,
        FromListConnector,
        DistanceDependentProbabilityConnector,
    ]
}


def connector_from_dict(data):
    """Build a connector from :meth:`Connector.to_dict` output."""
    data = dict(data)
    kind = data.pop("type", None)
    if kind not in CONNECTORS:
        raise BuildError(f"unknown connector {kind!r}; known: {', '.join(CONNECTORS)}")
    return CONNECTORS[kind](**data)


# ---------------------------------------------------------------------------
# Projections


#: Synapse values that every synapse type has, kept outside ``parameters``.
_VALUES = ("weight", "delay")


@dataclass
class Synapse:
    """Synapse type and its values.

    Parameters
    ----------
    type : str
        ``"StaticSynapse"`` or ``"TsodyksMarkramSynapse"``.
    weight : number, array or RandomValue
        uS for conductance-based targets, nA for current-based ones (inhibitory
        weights onto current-based cells are negative, as in PyNN).
    delay : number, array, RandomValue or None
        Transmission delay in ms, at least one time step; ``None`` means one step.
    parameters : dict
        Short-term plasticity parameters (``U``, ``tau_rec``, ``tau_facil``).
    """

    type: str = "StaticSynapse"
    weight: object = 0.0
    delay: object = None
    parameters: dict = field(default_factory=dict)

    def validate(self, owner, n_connections=None):
        """Check names and values; arrays need ``n_connections`` entries."""
        if self.type not in SYNAPSE_TYPES:
            raise BuildError(
                f"{owner}: unknown synapse type {self.type!r}; known: "
                f"{', '.join(SYNAPSE_TYPES)}"
            )
        model = SYNAPSE_TYPES[self.type]
        for name in ("weight", "delay"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, (np.ndarray, list)) and n_connections is None:
                model.parameters[name].check(owner, value)
                continue
            _check_value(
                owner,
                name,
                value,
                n_connections,
                model.parameters[name],
                what="connections",
            )
        for name, value in self.parameters.items():
            if name not in model.parameters or name in ("weight", "delay"):
                raise ParameterError(
                    owner,
                    name,
                    f"is not a parameter of {self.type}; known: "
                    f"{', '.join(k for k in model.parameters if k not in _VALUES)}",
                )
            model.parameters[name].check(owner, value)

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "type": self.type,
            "weight": encode_value(self.weight),
            "delay": encode_value(self.delay),
            "parameters": {k: encode_value(v) for k, v in self.parameters.items()},
        }

    @classmethod
    def from_dict(cls, data):
        """Build a Synapse from :meth:`to_dict` output."""
        return cls(
            type=data["type"],
            weight=decode_value(data["weight"]),
            delay=decode_value(data["delay"]),
            parameters={k: decode_value(v) for k, v in data["parameters"].items()},
        )


@dataclass
class Projection:
    """Connections from one population to another.

    Parameters
    ----------
    label : str
        Unique name within the network.
    pre, post : str
        Labels of the source and target populations.
    connector : Connector
        The wiring rule.
    synapse : Synapse
    receptor_type : str
        ``"excitatory"`` or ``"inhibitory"``.
    """

    label: str
    pre: str
    post: str
    connector: Connector
    synapse: Synapse = field(default_factory=Synapse)
    receptor_type: str = "excitatory"

    @property
    def owner(self):
        return f"Projection {self.label!r}"

    def validate(self, network):
        """Check endpoints, receptor, connector and synapse against ``network``."""
        _check_label("Projection", self.label)
        pre = network.population(self.pre, owner=self.owner)
        post = network.population(self.post, owner=self.owner)
        if post.model.is_source:
            raise BuildError(
                f"{self.owner}: the target {post.label!r} is a spike source "
                f"({post.cell_type}) and cannot receive connections"
            )
        if self.receptor_type not in RECEPTOR_TYPES:
            raise ParameterError(
                self.owner,
                "receptor_type",
                f"must be one of {', '.join(RECEPTOR_TYPES)}, "
                f"got {self.receptor_type!r}",
            )
        if not isinstance(self.connector, Connector):
            raise TypeError(
                f"{self.owner}: connector must be a Connector, "
                f"got {type(self.connector).__name__}"
            )
        self.connector.validate(self.owner, pre, post)
        self.synapse.validate(self.owner, self._fixed_connection_count(pre, post))
        self._check_weight_sign(post)

    def _fixed_connection_count(self, pre, post):
        connector = self.connector
        if isinstance(connector, FromListConnector):
            return connector.pre.size
        if isinstance(connector, OneToOneConnector):
            return pre.size
        if (
            isinstance(connector, AllToAllConnector)
            and connector.allow_self_connections
        ):
            return pre.size * post.size
        return None

    def _check_weight_sign(self, post):
        weight = self.synapse.weight
        if isinstance(weight, RandomValue) or weight is None:
            return
        if post.model.conductance_based and np.any(np.asarray(weight, float) < 0):
            raise ParameterError(
                self.owner,
                "weight",
                f"must be >= 0 uS for conductance-based target {post.label!r} "
                f"({post.cell_type}); use receptor_type='inhibitory' for inhibition, "
                f"got {np.min(weight):g} uS",
            )

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "label": self.label,
            "pre": self.pre,
            "post": self.post,
            "connector": self.connector.to_dict(),
            "synapse": self.synapse.to_dict(),
            "receptor_type": self.receptor_type,
        }

    @classmethod
    def from_dict(cls, data):
        """Build a Projection from :meth:`to_dict` output."""
        return cls(
            label=data["label"],
            pre=data["pre"],
            post=data["post"],
            connector=connector_from_dict(data["connector"]),
            synapse=Synapse.from_dict(data["synapse"]),
            receptor_type=data["receptor_type"],
        )


# ---------------------------------------------------------------------------
# Current sources and recording


@dataclass
class Target:
    """Neurons a current source injects into: a population and optional indices."""

    population: str
    indices: object = None

    def __post_init__(self):
        if self.indices is not None:
            self.indices = np.asarray(self.indices, dtype=np.int64)

    def resolve(self, network, owner):
        """Return the population-local indices, checked against its size."""
        population = network.population(self.population, owner=owner)
        return _check_indices(owner, population, self.indices)

    def to_dict(self):
        return {
            "population": self.population,
            "indices": None if self.indices is None else self.indices.tolist(),
        }


def _check_indices(owner, population, indices):
    if indices is None:
        return np.arange(population.size)
    indices = np.asarray(indices, dtype=np.int64)
    if indices.ndim != 1:
        raise BuildError(
            f"{owner}: indices must be a 1-D list, got shape {indices.shape}"
        )
    bad = (indices < 0) | (indices >= population.size)
    if bad.any():
        raise BuildError(
            f"{owner}: index {indices[bad][0]} is outside population "
            f"{population.label!r} of size {population.size}"
        )
    return indices


@dataclass
class CurrentSource:
    """A current injected into neurons (PyNN's ``DCSource`` and relatives).

    Parameters
    ----------
    label : str
    source_type : str
        ``"DCSource"``, ``"StepCurrentSource"``, ``"ACSource"`` or
        ``"NoisyCurrentSource"``.
    parameters : dict
        Values that differ from the defaults, in PyNN units (ms, nA, Hz, deg).
    targets : list of Target
    """

    label: str
    source_type: str
    parameters: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)

    @property
    def owner(self):
        return f"{self.source_type} {self.label!r}"

    @property
    def model(self):
        try:
            return CURRENT_SOURCES[self.source_type]
        except KeyError:
            raise BuildError(
                f"Unknown current source {self.source_type!r}; known: "
                f"{', '.join(CURRENT_SOURCES)}"
            ) from None

    def validate(self, network):
        """Check parameters and targets against ``network``."""
        _check_label("CurrentSource", self.label)
        model = self.model
        model.check_parameters(self.owner, self.parameters)
        p = {**model.defaults, **self.parameters}
        if self.source_type == "StepCurrentSource":
            times, amplitudes = (
                np.asarray(p["times"], float),
                np.asarray(p["amplitudes"], float),
            )
            if times.shape != amplitudes.shape:
                raise ParameterError(
                    self.owner,
                    "amplitudes",
                    f"needs one amplitude per time ({times.size}), "
                    f"got {amplitudes.size}",
                )
            if np.any(np.diff(times) < 0):
                raise ParameterError(
                    self.owner, "times", "must be sorted in increasing order"
                )
        elif p["stop"] < p["start"]:
            raise ParameterError(
                self.owner,
                "stop",
                f"must be >= start ({p['start']:g} ms), got {p['stop']:g} ms",
            )
        for target in self.targets:
            population = network.population(target.population, owner=self.owner)
            if population.model.is_source:
                raise BuildError(
                    f"{self.owner}: cannot inject current into spike source "
                    f"{population.label!r} ({population.cell_type})"
                )
            target.resolve(network, self.owner)

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "label": self.label,
            "source_type": self.source_type,
            "parameters": {k: encode_value(v) for k, v in self.parameters.items()},
            "targets": [t.to_dict() for t in self.targets],
        }

    @classmethod
    def from_dict(cls, data):
        """Build a CurrentSource from :meth:`to_dict` output."""
        return cls(
            label=data["label"],
            source_type=data["source_type"],
            parameters={k: decode_value(v) for k, v in data["parameters"].items()},
            targets=[Target(t["population"], t["indices"]) for t in data["targets"]],
        )


@dataclass
class Record:
    """What to record from a population.

    Parameters
    ----------
    population : str
    variables : list of str
        ``"spikes"`` and state variables such as ``"v"``, ``"w"``, ``"gsyn_exc"``.
    indices : array of int or None
        Population-local neurons to record; ``None`` records all.
    sampling_interval : float or None
        Interval of analog samples in ms, a multiple of the time step; ``None``
        samples every step.
    """

    population: str
    variables: list = field(default_factory=lambda: ["spikes"])
    indices: object = None
    sampling_interval: float | None = None

    def __post_init__(self):
        if self.indices is not None:
            self.indices = np.asarray(self.indices, dtype=np.int64)
        self.variables = list(self.variables)

    def validate(self, network):
        """Check the variables and indices against ``network``."""
        owner = f"Record of {self.population!r}"
        population = network.population(self.population, owner=owner)
        for variable in self.variables:
            if variable not in population.model.recordables:
                raise ParameterError(
                    owner,
                    "variables",
                    f"must be among {', '.join(population.model.recordables)} for "
                    f"{population.cell_type}, got {variable!r}",
                )
        _check_indices(owner, population, self.indices)
        if self.sampling_interval is not None:
            _check_finite(owner, "sampling_interval", self.sampling_interval)
            if self.sampling_interval <= 0:
                raise ParameterError(
                    owner,
                    "sampling_interval",
                    f"must be > 0 ms, got {self.sampling_interval} ms",
                )

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "population": self.population,
            "variables": list(self.variables),
            "indices": None if self.indices is None else self.indices.tolist(),
            "sampling_interval": self.sampling_interval,
        }

    @classmethod
    def from_dict(cls, data):
        """Build a Record from :meth:`to_dict` output."""
        return cls(**data)


# ---------------------------------------------------------------------------
# The network


@dataclass
class Network:
    """A whole network: populations, projections, current sources and recordings.

    Parameters
    ----------
    populations, projections, current_sources, records : list
    seed : int
        Seed of every random draw made when the network is built (random
        parameters, connectors, Poisson sources, noise).
    name, description : str
        Free text for people; never executed.

    Examples
    --------
    >>> net = Network(seed=1)
    >>> net.add(Population("exc", 10, "EIF_cond_exp_isfa_ista"))
    >>> net.validate()
    """

    populations: list = field(default_factory=list)
    projections: list = field(default_factory=list)
    current_sources: list = field(default_factory=list)
    records: list = field(default_factory=list)
    seed: int = 0
    name: str = ""
    description: str = ""

    def add(self, item):
        """Append a Population, Projection, CurrentSource or Record and return it."""
        lists = {
            Population: self.populations,
            Projection: self.projections,
            CurrentSource: self.current_sources,
            Record: self.records,
        }
        for kind, items in lists.items():
            if isinstance(item, kind):
                items.append(item)
                return item
        raise TypeError(f"cannot add a {type(item).__name__} to a Network")

    def population(self, label, owner="Network"):
        """Return the population called ``label``; BuildError if there is none."""
        for population in self.populations:
            if population.label == label:
                return population
        known = ", ".join(repr(p.label) for p in self.populations) or "none"
        raise BuildError(f"{owner}: no population {label!r}; populations: {known}")

    def projection(self, label):
        """Return the projection called ``label``; BuildError if there is none."""
        for projection in self.projections:
            if projection.label == label:
                return projection
        raise BuildError(f"Network: no projection {label!r}")

    def current_source(self, label):
        """Return the current source called ``label``; BuildError if there is none."""
        for source in self.current_sources:
            if source.label == label:
                return source
        raise BuildError(f"Network: no current source {label!r}")

    @property
    def n_neurons(self):
        """Total number of neurons and spike sources."""
        return sum(p.size for p in self.populations)

    def offsets(self):
        """Return ``{label: (start, stop)}`` of each population in the global index."""
        offsets, start = {}, 0
        for population in self.populations:
            offsets[population.label] = (start, start + population.size)
            start += population.size
        return offsets

    def validate(self):
        """Check every part and the references between them.

        Raises
        ------
        ParameterError
            A value is out of range, naming object, parameter, limit and value.
        BuildError
            Names are duplicated or unknown, or sizes do not fit together.
        """
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)):
            raise ParameterError(
                "Network", "seed", f"must be an integer, got {self.seed!r}"
            )
        if self.seed < 0:
            raise ParameterError("Network", "seed", f"must be >= 0, got {self.seed}")
        for kind, items in (
            ("population", self.populations),
            ("projection", self.projections),
            ("current source", self.current_sources),
        ):
            labels = [item.label for item in items]
            duplicates = sorted({label for label in labels if labels.count(label) > 1})
            if duplicates:
                raise BuildError(
                    f"Network: {kind} labels must be unique, "
                    f"{duplicates[0]!r} is used twice"
                )
        for population in self.populations:
            population.validate()
        if self.n_neurons > MAX_POPULATION_SIZE:
            raise BuildError(
                f"Network: {self.n_neurons} neurons in all exceed the limit of "
                f"{MAX_POPULATION_SIZE}"
            )
        for projection in self.projections:
            projection.validate(self)
        for source in self.current_sources:
            source.validate(self)
        for record in self.records:
            record.validate(self)

    def to_dict(self):
        """Return the network as JSON-compatible data with a schema version."""
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "description": self.description,
            "seed": int(self.seed),
            "populations": [p.to_dict() for p in self.populations],
            "projections": [p.to_dict() for p in self.projections],
            "current_sources": [s.to_dict() for s in self.current_sources],
            "records": [r.to_dict() for r in self.records],
        }

    @classmethod
    def from_dict(cls, data):
        """Build a Network from :meth:`to_dict` output.

        Raises
        ------
        BuildError
            If the schema version is newer than this adexlab knows or missing.
        """
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise BuildError(
                f"Network: schema_version {version!r} is not supported; this adexlab "
                f"reads version {SCHEMA_VERSION}"
            )
        return cls(
            populations=[Population.from_dict(p) for p in data["populations"]],
            projections=[Projection.from_dict(p) for p in data["projections"]],
            current_sources=[
                CurrentSource.from_dict(s) for s in data["current_sources"]
            ],
            records=[Record.from_dict(r) for r in data["records"]],
            seed=data.get("seed", 0),
            name=data.get("name", ""),
            description=data.get("description", ""),
        )

    def to_json(self, **kwargs):
        """Return the network as a JSON string."""
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_json(cls, text):
        """Build a Network from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))
