"""Set-up and control functions of the adexlab PyNN backend (setup, run, reset, end).

``setup`` chooses the backend that will run the network (the numba simulator by
default; later the emulated chip) and passes the keywords that backend defines
through to the backend registry.
"""

import logging
import math

import numpy as np
from pyNN import common
from pyNN.common.control import DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.recording import get_io

from ..backends import get_backend
from ..exceptions import ParameterError
from . import simulator
from .simulator import DEFAULT_SEED, state

logger = logging.getLogger(__name__)

#: Keywords other PyNN backends accept in setup(); ignored here so that their
#: scripts run unchanged.
FOREIGN_SETUP_KEYWORDS = frozenset(
    {
        "t_flush",
        "spike_precision",
        "verbosity",
        "recording_precision",
        "threads",
        "rng_type",
        "grng_seed",
        "rng_seeds",
        "rng_seeds_seed",
        "use_cvode",
        "default_maxstep",
        "rtol",
        "atol",
        "nrn_options",
        "returnsorted",
        "store_spike_in_memory",
        "code_generation",
        "rank",
        "num_processes",
    }
)


def setup(
    timestep=DEFAULT_TIMESTEP,
    min_delay=DEFAULT_MIN_DELAY,
    *,
    backend="simulator",
    seed=None,
    **extra_params,
):
    """Start a new simulation: forget every object created so far.

    Parameters
    ----------
    timestep : float
        Integration time step, in ms. Must be > 0.
    min_delay : float or "auto"
        Smallest synaptic delay, in ms, at least ``timestep``; ``"auto"`` is
        one time step.
    backend : str
        Name of the adexlab backend that runs the network: ``"simulator"`` (numba,
        the default) or another registered backend such as the emulated chip.
    seed : int or None
        Seed of the simulation's random streams (Poisson sources, noise
        currents). ``rng_seed``, as pyNN.nest spells it, is accepted too.
        Random parameters and connectors draw from the script's own RNGs.
    **extra_params
        ``max_delay`` (ms or "auto"); keywords of other PyNN backends (for
        example ``t_flush`` or ``threads`` of pyNN.nest), which are ignored;
        every other keyword goes to the backend, e.g. ``profile`` of the chip.

    Returns
    -------
    int
        The MPI rank, always 0.

    Raises
    ------
    ParameterError
        If ``timestep`` or ``min_delay`` is not a valid number of ms.
    """
    _check_time("setup", "timestep", timestep, 0.0)
    if min_delay != "auto":
        _check_time(
            "setup",
            "min_delay",
            min_delay,
            timestep * (1.0 - 1e-9),
            bound=f"the time step ({timestep:g} ms)",
        )
    max_delay = extra_params.pop("max_delay", "auto")
    if max_delay != "auto":
        lower = timestep if min_delay == "auto" else min_delay
        _check_time(
            "setup",
            "max_delay",
            max_delay,
            lower * (1.0 - 1e-9),
            bound=f"min_delay ({lower:g} ms)",
        )
    rng_seed = extra_params.pop("rng_seed", None)
    if seed is None:
        seed = rng_seed if rng_seed is not None else DEFAULT_SEED
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(
            "setup", "seed", f"must be a whole number >= 0, got {seed!r}"
        )
    ignored = sorted(set(extra_params) & FOREIGN_SETUP_KEYWORDS)
    if ignored:
        logger.debug("setup: ignoring keywords of other backends: %s", ignored)
    options = {k: v for k, v in extra_params.items() if k not in FOREIGN_SETUP_KEYWORDS}
    common.setup(timestep, min_delay, max_delay=max_delay)

    state.clear()
    state.dt = float(timestep)
    state.min_delay = float(timestep) if min_delay == "auto" else float(min_delay)
    state.max_delay = max_delay
    state.seed = int(seed)
    state.backend_name = backend
    try:
        state.backend = get_backend(backend, **options)
    except TypeError as err:
        raise TypeError(
            f"setup: backend {backend!r} does not accept the keyword(s) "
            f"{', '.join(sorted(options))}: {err}"
        ) from None
    logger.debug("setup: dt=%g ms, backend=%r, seed=%d", timestep, backend, seed)
    return rank()


def _check_time(owner, name, value, lower, bound=None):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
    ):
        raise ParameterError(
            owner, name, f"must be a finite number of ms, got {value!r}"
        )
    if value <= lower if bound is None else value < lower:
        limit = f"> {lower:g} ms" if bound is None else f">= {bound}"
        raise ParameterError(owner, name, f"must be {limit}, got {value} ms")


def end(compatible_output=True):
    """Write the data requested with ``record(..., to_file=...)`` and release memory."""
    for population, variables, filename in state.write_on_end:
        population.write_data(get_io(filename), variables)
    state.write_on_end = []
    state.close()


run, run_until = common.build_run(simulator)
run_for = run

reset = common.build_reset(simulator)

initialize = common.initialize

(get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank) = (
    common.build_state_queries(simulator)
)
