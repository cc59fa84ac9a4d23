"""Drawing the values of a network description: parameters, state, weights, delays.

Every random value is drawn from a generator derived from the seed and the
value's name (population label and parameter, projection label and ``"weight"``,
...), so one value does not change when another is added, and every backend that
uses these functions realises the same network from the same seed. Pure numpy;
must not import kernels, the PyNN layer, panel, holoviews or bokeh.
"""

import numpy as np

from ..connectors import connect
from ..exceptions import ParameterError
from ..random import RandomValue, derive_rng

__all__ = [
    "GRID_TOLERANCE",
    "connection_values",
    "connections",
    "draw",
    "initial_values",
    "population_values",
    "to_steps",
]

#: Relative tolerance for times and delays to count as multiples of dt.
GRID_TOLERANCE = 1e-9


def draw(value, n, rng):
    """Return ``value`` (number, array or RandomValue) as an (n,) float64 array.

    Parameters
    ----------
    value : float, array_like or RandomValue
        A number (repeated), one value per element (copied) or a distribution.
    n : int
        Number of values.
    rng : numpy.random.Generator
        Used only for a RandomValue.
    """
    if isinstance(value, RandomValue):
        return np.asarray(value.draw(rng, n), dtype=np.float64)
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return np.full(n, float(array))
    return array.copy()


def to_steps(times, dt):
    """Round times (ms) to whole steps of dt; return int64 steps and whether exact."""
    exact_steps = np.asarray(times, dtype=np.float64) / dt
    steps = np.rint(exact_steps)
    on_grid = np.all(
        np.abs(steps - exact_steps) <= GRID_TOLERANCE * np.maximum(1, steps)
    )
    return steps.astype(np.int64), bool(on_grid)


def population_values(population, seed):
    """Return ``{parameter: value}`` of every parameter of a population.

    Scalar parameters become (size,) float64 arrays, drawn with the key
    ``("population", label, name)``; array parameters (spike times) are returned
    as given. Parameters not set take the cell type's defaults.
    """
    values = {}
    for name, spec in population.model.parameters.items():
        value = population.parameters.get(name, spec.default)
        if spec.is_array:
            values[name] = value
            continue
        rng = derive_rng(seed, "population", population.label, name)
        values[name] = draw(value, population.size, rng)
    return values


def initial_values(population, v_rest, seed):
    """Return ``{variable: (size,) float64}`` initial state of a population.

    Variables not set start at 0, except ``v`` which starts at ``v_rest`` (mV,
    per neuron). Random values use the key ``("population", label, "initial",
    variable)``.
    """
    values = {}
    for name in population.model.initial_values:
        default = v_rest if name == "v" else 0.0
        value = population.initial_values.get(name, default)
        rng = derive_rng(seed, "population", population.label, "initial", name)
        values[name] = draw(value, population.size, rng)
    return values


def connections(projection, network, seed):
    """Return the (pre, post) population-local int64 indices of a projection."""
    pre = network.population(projection.pre)
    post = network.population(projection.post)
    rng = derive_rng(seed, "projection", projection.label)
    return connect(projection.connector, pre, post, rng)


def connection_values(projection, name, value, n_conn, seed):
    """Return one float64 value per connection of ``name`` (weight, delay, U...).

    Random values use the key ``("projection", label, name)``.

    Raises
    ------
    ParameterError
        If an array does not have one value per connection.
    """
    rng = derive_rng(seed, "projection", projection.label, name)
    values = draw(value, n_conn, rng)
    if values.shape != (n_conn,):
        raise ParameterError(
            projection.owner,
            name,
            f"needs one value per connection ({n_conn}) or a "
            f"single number, got shape {values.shape}",
        )
    return values
