"""Fixtures shared by the whole suite: seeds and the PyNN backends to run scripts on."""

import importlib
import os

# NEST prints a banner to stdout when first imported; silence it in this process and in
# every subprocess a test starts. Must happen before anything imports nest.
os.environ.setdefault("PYNEST_QUIET", "1")

import numpy as np
import pytest

from adexlab.demos import SIMULATORS

#: Seed of the `seed` fixture; fixed so failures reproduce.
SEED = 20_081_335


def import_pynn_backend(name: str):
    """Return the PyNN backend module called `name` in `SIMULATORS`, or skip.

    NEST is a test extra: without it, tests on "nest" skip. adexlab's own backend must
    import; while it is still an empty package without ``setup()`` its tests skip, and
    they run as soon as the backend exists (an import error is a failure, not a skip).
    """
    if name == "nest":
        pytest.importorskip("nest", reason="NEST is not installed (test extras)")
    module = importlib.import_module(SIMULATORS[name])
    if not hasattr(module, "setup"):
        pytest.skip(f"{SIMULATORS[name]} does not define setup() yet")
    return module


@pytest.fixture
def seed() -> int:
    """A fixed seed for random number generators and simulations."""
    return SEED


@pytest.fixture
def rng(seed) -> np.random.Generator:
    """A NumPy random generator seeded with `seed`."""
    return np.random.default_rng(seed)


@pytest.fixture(
    params=["adexlab", pytest.param("nest", marks=pytest.mark.reference)],
)
def pynn_sim(request):
    """The PyNN backend module (``sim``), once adexlab's own and once pyNN.nest."""
    return import_pynn_backend(request.param)


@pytest.fixture
def nest_sim():
    """pyNN.nest, the independent reference backend; skips if NEST is missing."""
    return import_pynn_backend("nest")
