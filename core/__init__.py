"""adexlab's headless core: network description, simulator backends, PyNN layer.

Everything a script needs lives here; nothing in this package imports panel,
holoviews or bokeh. The description classes are importable from the package
itself; backends are reached through :func:`adexlab.core.backends.get_backend`
and PyNN scripts through ``import adexlab.core.pynn as sim``.
"""

from .exceptions import (
    BuildError,
    LabError,
    LabWarning,
    ParameterError,
    PrecisionWarning,
    RegimeWarning,
    SimulationError,
)
from .network import (
    AllToAllConnector,
    CurrentSource,
    DistanceDependentProbabilityConnector,
    FixedNumberPostConnector,
    FixedNumberPreConnector,
    FixedProbabilityConnector,
    FromListConnector,
    Grid2D,
    Line,
    Network,
    OneToOneConnector,
    Population,
    Projection,
    Record,
    Synapse,
    Target,
)
from .random import RandomValue

__version__ = "0.1.0"

__all__ = [
    "AllToAllConnector",
    "BuildError",
    "CurrentSource",
    "DistanceDependentProbabilityConnector",
    "FixedNumberPostConnector",
    "FixedNumberPreConnector",
    "FixedProbabilityConnector",
    "FromListConnector",
    "Grid2D",
    "LabError",
    "LabWarning",
    "Line",
    "Network",
    "OneToOneConnector",
    "ParameterError",
    "Population",
    "PrecisionWarning",
    "Projection",
    "RandomValue",
    "Record",
    "RegimeWarning",
    "SimulationError",
    "Synapse",
    "Target",
]
