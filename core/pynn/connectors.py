"""PyNN's connectors, with their parameters checked by the core when created.

PyNN's own classes compute the connections (so a script's NumpyRNG gives the same
wiring as on other backends); the subclasses here only check their parameters
through the core network description before PyNN sees them, so that, for
example, a probability of 1.5 fails where it is written.
"""

from types import SimpleNamespace

from pyNN import connectors
from pyNN.connectors import (  # noqa: F401  (re-exported for scripts)
    AllToAllConnector,
    ArrayConnector,
    CloneConnector,
    DisplacementDependentProbabilityConnector,
    FixedTotalNumberConnector,
    FromFileConnector,
    FromListConnector,
    IndexBasedProbabilityConnector,
    OneToOneConnector,
    SmallWorldConnector,
)

from .. import network as core_network

__all__ = [
    "AllToAllConnector",
    "ArrayConnector",
    "CloneConnector",
    "DisplacementDependentProbabilityConnector",
    "DistanceDependentProbabilityConnector",
    "FixedNumberPostConnector",
    "FixedNumberPreConnector",
    "FixedProbabilityConnector",
    "FixedTotalNumberConnector",
    "FromFileConnector",
    "FromListConnector",
    "IndexBasedProbabilityConnector",
    "OneToOneConnector",
    "SmallWorldConnector",
]


class FixedProbabilityConnector(connectors.FixedProbabilityConnector):
    __doc__ = connectors.FixedProbabilityConnector.__doc__

    def __init__(
        self,
        p_connect,
        allow_self_connections=True,
        location_selector=None,
        rng=None,
        safe=True,
        callback=None,
    ):
        core_network.FixedProbabilityConnector(p_connect).validate(
            "FixedProbabilityConnector", None, None
        )
        super().__init__(
            p_connect, allow_self_connections, location_selector, rng, safe, callback
        )


class DistanceDependentProbabilityConnector(
    connectors.DistanceDependentProbabilityConnector
):
    __doc__ = connectors.DistanceDependentProbabilityConnector.__doc__

    def __init__(
        self,
        d_expression,
        allow_self_connections=True,
        location_selector=None,
        rng=None,
        safe=True,
        callback=None,
    ):
        if isinstance(d_expression, str):
            core_network.DistanceDependentProbabilityConnector(d_expression).validate(
                "DistanceDependentProbabilityConnector", None, None
            )
        super().__init__(
            d_expression, allow_self_connections, location_selector, rng, safe, callback
        )


class FixedNumberPreConnector(connectors.FixedNumberPreConnector):
    __doc__ = connectors.FixedNumberPreConnector.__doc__

    def __init__(self, n, *args, **kwargs):
        _check_count("FixedNumberPreConnector", n)
        super().__init__(n, *args, **kwargs)


class FixedNumberPostConnector(connectors.FixedNumberPostConnector):
    __doc__ = connectors.FixedNumberPostConnector.__doc__

    def __init__(self, n, *args, **kwargs):
        _check_count("FixedNumberPostConnector", n)
        super().__init__(n, *args, **kwargs)


def _check_count(owner, n):
    """Check a plain-number count; the upper limit is checked by the Projection."""
    if isinstance(n, int) and not isinstance(n, bool):
        # the population sizes are not known yet; the Projection checks n against them
        unknown = SimpleNamespace(label="(not yet known)", size=max(n, 0))
        core_network.FixedNumberPreConnector(n, with_replacement=True).validate(
            owner, unknown, unknown
        )
