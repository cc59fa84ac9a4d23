"""The vectorisable exponentials and the kernel cache stamps."""

import math

import numpy as np
import pytest

from adexlab.core import config
from adexlab.core.kernels.neurons import (
    EXP_ARG_MAX,
    EXP_ARG_MIN,
    _exp_limited,
    _exp_neg,
)

#: Bounds promised by the docstring of _exp_neg.
RELATIVE_TOLERANCE = {1.0: 4e-15, 5.0: 5e-15}
ABSOLUTE_TOLERANCE = 3e-15

#: Bound promised by the docstring of _exp_limited: 2 ulp relative.
LIMITED_RELATIVE_TOLERANCE = 5e-16


def test_exp_neg_matches_math_exp():
    x = np.concatenate(
        [np.linspace(0.0, 1.0, 100_001), np.linspace(1.0, 60.0, 100_001)]
    )
    ours = np.array([_exp_neg(value) for value in x])
    exact = np.array([math.exp(-value) for value in x])
    relative = np.abs(ours - exact) / exact
    for limit, tolerance in RELATIVE_TOLERANCE.items():
        assert relative[x <= limit].max() < tolerance
    assert np.abs(ours - exact).max() < ABSOLUTE_TOLERANCE


def test_exp_limited_matches_math_exp():
    x = np.concatenate(
        [
            np.linspace(EXP_ARG_MIN, EXP_ARG_MAX, 200_001),
            np.linspace(-1.0, 1.0, 100_001),
            # The ends of the reduced range, |r| = ln(2)/2.
            np.arange(EXP_ARG_MIN, EXP_ARG_MAX, np.log(2.0) / 2.0),
        ]
    )
    ours = np.array([_exp_limited(value) for value in x])
    exact = np.array([math.exp(value) for value in x])
    relative = np.abs(ours - exact) / exact
    assert relative.max() < LIMITED_RELATIVE_TOLERANCE


def test_exp_limited_clamps_its_argument():
    """Beyond the range it returns the value at the limit, never inf or 0."""
    assert _exp_limited(1e300) == _exp_limited(EXP_ARG_MAX)
    assert _exp_limited(-1e300) == _exp_limited(EXP_ARG_MIN)
    assert _exp_limited(EXP_ARG_MAX) == pytest.approx(math.exp(EXP_ARG_MAX), rel=1e-15)
    assert 0.0 < _exp_limited(-1e300) < 1e-21


def test_kernel_cache_stamp_covers_every_kernel_file():
    """A change in any kernel module must invalidate every cached kernel."""
    from numba.core import caching

    names = [c.__name__ for c in caching.CacheImpl._locator_classes]
    assert names[:3] == [
        "KernelUserProvidedLocator",
        "KernelInTreeLocator",
        "KernelUserWideLocator",
    ]
    stamped = {name for name, _, _ in config._kernels_stamp()}
    assert {"neurons.py", "synapses.py", "loop.py", "config.py"} <= stamped
