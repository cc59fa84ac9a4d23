"""Numba kernels for spike sources: Poisson counts from pre-drawn uniform numbers.

The simulator draws uniform numbers per fixed block of steps from a generator
determined by the seed and the block number, so the spikes do not depend on how a
run is split into chunks; this module turns them into spike counts. Arrays only.
"""

import math

from ..config import jit

#: Largest spike count per source and step; reached only at absurd rates.
MAX_COUNT = 1000


@jit
def _poisson_counts(uniform, lam, counts):
    """Fill ``counts`` with Poisson spike counts per step and source.

    Parameters
    ----------
    uniform : (n_steps, n_src) float64
        Uniform numbers in [0, 1), one per step and source.
    lam : (n_steps, n_src) float64
        Expected count per step, rate (Hz) * dt (ms) / 1000; 0 where a source is off.
    counts : (n_steps, n_src) int64
        Output: the inverse of the Poisson distribution function at the uniform
        number, so a count depends only on its uniform number and current rate.
    """
    n_steps, n_src = uniform.shape
    for k in range(n_steps):
        for c in range(n_src):
            mean = lam[k, c]
            count = 0
            if mean > 0.0:
                p = math.exp(-mean)
                cumulative = p
                u = uniform[k, c]
                while u >= cumulative and count < MAX_COUNT:
                    count += 1
                    p *= mean / count
                    cumulative += p
            counts[k, c] = count
