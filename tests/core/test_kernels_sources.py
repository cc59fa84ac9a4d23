"""Spike-source kernels: Poisson counts from uniform numbers."""

import math

import numpy as np

from adexlab.core.kernels.sources import _poisson_counts


def test_poisson_counts_invert_the_distribution_function():
    """Each count is the smallest k whose Poisson CDF exceeds the uniform number."""
    lam = 0.7
    uniform = np.array([[0.0, 0.49, 0.50, 0.85, 0.97, 0.999]])
    counts = np.empty(uniform.shape, dtype=np.int64)
    _poisson_counts(uniform, np.full(uniform.shape, lam), counts)
    cdf = np.cumsum([math.exp(-lam) * lam**k / math.factorial(k) for k in range(20)])
    expected = [int(np.searchsorted(cdf, u, side="right")) for u in uniform[0]]
    np.testing.assert_array_equal(counts[0], expected)


def test_poisson_counts_have_poisson_mean_and_variance(rng):
    lam = 0.05
    uniform = rng.random((20_000, 50))
    counts = np.empty(uniform.shape, dtype=np.int64)
    _poisson_counts(uniform, np.full(uniform.shape, lam), counts)
    n = counts.size
    assert abs(counts.mean() - lam) < 5 * math.sqrt(lam / n)
    assert abs(counts.var() - lam) < 0.05 * lam


def test_poisson_counts_are_zero_where_rate_is_zero(rng):
    uniform = rng.random((100, 3))
    lam = np.zeros((100, 3))
    counts = np.ones((100, 3), dtype=np.int64)
    _poisson_counts(uniform, lam, counts)
    assert not counts.any()
