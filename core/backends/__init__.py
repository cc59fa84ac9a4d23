"""Backends that run a network description: a registry from name to backend.

Each backend lives in its own module and is imported only when asked for, so a
new one (such as the emulated chip) is added with one entry in
:data:`BACKENDS` or a call to :func:`register_backend`, without touching the rest.
"""

import importlib

from ..exceptions import BuildError
from .base import Backend, Simulation

__all__ = ["Backend", "Simulation", "BACKENDS", "get_backend", "register_backend"]

#: Backend name -> ``"module:Class"`` (module relative to this package) or a class.
BACKENDS = {
    "simulator": ".simulator:SimulatorBackend",
}


def register_backend(name, backend_class):
    """Make ``backend_class`` available as ``get_backend(name)``.

    Parameters
    ----------
    name : str
    backend_class : type or str
        A :class:`Backend` subclass, or ``"package.module:Class"`` to import lazily.
    """
    BACKENDS[name] = backend_class


def get_backend(name="simulator", **options):
    """Return a new backend instance by name.

    Parameters
    ----------
    name : str
        One of :data:`BACKENDS`, e.g. ``"simulator"``.
    **options
        Passed to the backend's constructor.

    Raises
    ------
    BuildError
        If no backend has that name; the message lists the known ones.
    """
    try:
        target = BACKENDS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(BACKENDS))
        raise BuildError(f"Unknown backend {name!r}; known backends: {known}") from None
    if isinstance(target, str):
        module_name, _, class_name = target.partition(":")
        module = importlib.import_module(module_name, package=__name__)
        target = getattr(module, class_name)
    return target(**options)
