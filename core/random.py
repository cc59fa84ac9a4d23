"""Seeded random values: parameters, weights and delays drawn from distributions.

A :class:`RandomValue` is data (a distribution name and its parameters), so it
serialises with the network description; the numbers are drawn when a network is
built, from a generator derived from the network seed and the name of the value,
so they do not depend on the order in which things are built.
"""

import zlib
from dataclasses import dataclass, field

import numpy as np

from .exceptions import ParameterError

__all__ = ["RandomValue", "DISTRIBUTIONS", "derive_rng"]

#: Distribution name (PyNN's) -> parameter names in order.
DISTRIBUTIONS = {
    "uniform": ("low", "high"),
    "normal": ("mu", "sigma"),
    "normal_clipped": ("mu", "sigma", "low", "high"),
    "normal_clipped_to_boundary": ("mu", "sigma", "low", "high"),
    "exponential": ("beta",),
    "lognormal": ("mu", "sigma"),
    "gamma": ("k", "theta"),
}

#: Redraws allowed for a clipped normal before giving up, per value.
_MAX_REDRAWS = 1000


@dataclass(frozen=True)
class RandomValue:
    """Values drawn from a named distribution when the network is built.

    Parameters
    ----------
    distribution : str
        One of :data:`DISTRIBUTIONS`: ``"uniform"``, ``"normal"``,
        ``"normal_clipped"``, ``"normal_clipped_to_boundary"``, ``"exponential"``,
        ``"lognormal"`` or ``"gamma"`` (PyNN's names and parameters).
    parameters : dict
        The distribution's parameters, in the unit of the value drawn.

    Examples
    --------
    >>> v_init = RandomValue("uniform", {"low": -65.0, "high": -55.0})
    """

    distribution: str
    parameters: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.distribution not in DISTRIBUTIONS:
            raise ParameterError(
                "RandomValue",
                "distribution",
                f"must be one of {', '.join(DISTRIBUTIONS)}, got {self.distribution!r}",
            )
        expected = set(DISTRIBUTIONS[self.distribution])
        if set(self.parameters) != expected:
            raise ParameterError(
                f"RandomValue({self.distribution!r})",
                "parameters",
                f"must be exactly {sorted(expected)}, got {sorted(self.parameters)}",
            )
        for name, value in self.parameters.items():
            if not np.isfinite(float(value)):
                raise ParameterError(
                    f"RandomValue({self.distribution!r})",
                    name,
                    f"must be finite, got {value}",
                )

    def draw(self, rng, n):
        """Draw ``n`` values.

        Parameters
        ----------
        rng : numpy.random.Generator
        n : int

        Returns
        -------
        (n,) ndarray of float64
        """
        p = self.parameters
        name = self.distribution
        if name == "uniform":
            return rng.uniform(p["low"], p["high"], n)
        if name == "normal":
            return rng.normal(p["mu"], p["sigma"], n)
        if name == "normal_clipped_to_boundary":
            return np.clip(rng.normal(p["mu"], p["sigma"], n), p["low"], p["high"])
        if name == "normal_clipped":
            return self._draw_clipped(rng, n)
        if name == "exponential":
            return rng.exponential(p["beta"], n)
        if name == "lognormal":
            return rng.lognormal(p["mu"], p["sigma"], n)
        return rng.gamma(p["k"], p["theta"], n)

    def _draw_clipped(self, rng, n):
        p = self.parameters
        out = rng.normal(p["mu"], p["sigma"], n)
        for _ in range(_MAX_REDRAWS):
            outside = (out < p["low"]) | (out > p["high"])
            if not outside.any():
                return out
            out[outside] = rng.normal(p["mu"], p["sigma"], int(outside.sum()))
        raise ParameterError(
            "RandomValue('normal_clipped')",
            "parameters",
            f"leave almost no probability inside [{p['low']}, {p['high']}]",
        )

    def to_dict(self):
        """Return a JSON-compatible dict."""
        return {
            "distribution": self.distribution,
            "parameters": {k: float(v) for k, v in self.parameters.items()},
        }


def derive_rng(seed, *names):
    """Return a Generator determined by ``seed`` and the strings ``names``.

    The same seed and names always give the same stream, whatever else was drawn
    before, so adding a population does not change the draws of another one.
    """
    keys = [zlib.crc32(str(name).encode()) for name in names]
    return np.random.default_rng([int(seed), *keys])
