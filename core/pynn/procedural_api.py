"""PyNN's procedural functions (create, connect, record, set) for adexlab."""

from pyNN import common
from pyNN.common.procedural_api import set  # noqa: A004, F401

from . import simulator
from .connectors import FixedProbabilityConnector
from .populations import Population
from .projections import Projection
from .standardmodels import StaticSynapse

create = common.build_create(Population)

connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)

record = common.build_record(simulator)


def record_v(source, filename):
    """Record the membrane potential of ``source`` and write it to ``filename``."""
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    """Record synaptic conductances of ``source`` and write them to ``filename``."""
    return record(["gsyn_exc", "gsyn_inh"], source, filename)
