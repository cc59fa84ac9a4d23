"""Fixtures of the reference tests: the simulators each PyNN script runs on."""

import importlib

import pytest


@pytest.fixture(scope="session")
def nest_sim():
    """The reference PyNN backend, ``pyNN.nest``."""
    return pytest.importorskip("pyNN.nest")


@pytest.fixture(scope="session")
def adexlab_sim():
    """The backend under test, ``adexlab.core.pynn``.

    Imported inside the fixture so that a broken backend fails each test that needs it
    with its import error instead of stopping collection of the whole suite.
    """
    return importlib.import_module("adexlab.core.pynn")


@pytest.fixture(scope="session")
def brian2():
    """Brian2, the third opinion where adexlab and NEST disagree."""
    return pytest.importorskip("brian2")
