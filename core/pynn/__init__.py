"""adexlab as a PyNN backend: ``import adexlab.core.pynn as sim``.

Built on PyNN's own base classes (``pyNN.common``, ``pyNN.standardmodels``,
``pyNN.recording``, ``pyNN.connectors``), like the backends bundled with PyNN, so
that a PyNN script runs here and on ``pyNN.nest`` with only the import changed.
The PyNN objects are kept as an adexlab network description; the first ``run``
builds a simulation from it on the backend chosen in ``setup`` and later runs
continue it.

Examples
--------
>>> import adexlab.core.pynn as sim
>>> sim.setup(timestep=0.1)
0
>>> cells = sim.Population(1, sim.EIF_cond_exp_isfa_ista())
>>> cells.inject(sim.DCSource(amplitude=1.0, start=10.0, stop=90.0))
>>> cells.record(["spikes", "v"])
>>> sim.run(100.0)
100.0
>>> block = cells.get_data()
"""

from pyNN import errors, random, space  # noqa: F401
from pyNN.network import Network  # noqa: F401
from pyNN.random import GSLRNG, NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.space import Space  # noqa: F401
from pyNN.standardmodels import StandardCellType

from .connectors import *  # noqa: F401, F403
from .control import (  # noqa: F401
    end,
    get_current_time,
    get_max_delay,
    get_min_delay,
    get_time_step,
    initialize,
    num_processes,
    rank,
    reset,
    run,
    run_for,
    run_until,
    setup,
)
from .populations import Assembly, Population, PopulationView  # noqa: F401
from .procedural_api import (  # noqa: F401
    connect,
    create,
    record,
    record_gsyn,
    record_v,
    set,
)
from .projections import Projection  # noqa: F401
from .standardmodels import *  # noqa: F401, F403


def list_standard_models():
    """Return the names of the standard cell types this backend provides."""
    return [
        obj.__name__
        for obj in globals().values()
        if isinstance(obj, type)
        and issubclass(obj, StandardCellType)
        and obj is not StandardCellType
    ]


def get_network():
    """Return the adexlab network description of the objects created so far.

    Returns
    -------
    adexlab.core.network.Network
        Populations, projections (as explicit connection lists with weights and
        delays), current sources and recordings, ready to serialise or to build
        on any adexlab backend.
    """
    from .simulator import state

    return state.describe_network()
