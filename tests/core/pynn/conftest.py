"""Fixtures of the PyNN-layer tests: a fake adexlab backend that records calls."""

import pytest
from pynn_fake_backend import FakeBackend

from adexlab.core.backends import BACKENDS, register_backend


@pytest.fixture
def fake_sim():
    """adexlab.core.pynn set up on the fake backend; the simulation logs its calls."""
    import adexlab.core.pynn as sim

    register_backend("fake", FakeBackend)
    sim.setup(timestep=0.1, backend="fake")
    yield sim
    sim.end()
    BACKENDS.pop("fake", None)


@pytest.fixture
def calls():
    """Return the calls the fake simulation received so far."""
    from adexlab.core.pynn.simulator import state

    return lambda: state.simulation.calls
