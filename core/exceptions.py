"""Errors and warnings raised by adexlab.

Every error a user can cause derives from :class:`LabError`, so the lab can catch
them at its callback boundaries and show them while it keeps running. Messages
name the owning object, the parameter, the constraint and the value with its
unit, e.g. ``"Population 'exc': tau_m must be > 0 ms, got -20.0 ms"``.
"""


class LabError(Exception):
    """Base class of every error adexlab raises on user input or at run time."""


class ParameterError(LabError, ValueError):
    """A parameter value is outside its valid range or of the wrong shape.

    Parameters
    ----------
    owner : str
        The object the parameter belongs to, e.g. ``"Population 'exc'"``.
    name : str
        The parameter's name, e.g. ``"tau_m"``.
    message : str
        What is wrong, e.g. ``"must be > 0 ms, got -20.0 ms"``.
    """

    def __init__(self, owner, name, message):
        self.owner = owner
        self.name = name
        super().__init__(f"{owner}: {name} {message}")


class BuildError(LabError, ValueError):
    """A network cannot be built: unknown names, inconsistent sizes, bad wiring."""


class SimulationError(LabError, RuntimeError):
    """A run failed, for example because the state stopped being finite."""


class LabWarning(UserWarning):
    """Base class of warnings the user should act on."""


class PrecisionWarning(LabWarning):
    """A value was rounded or clipped, e.g. a delay rounded to the time step."""


class RegimeWarning(LabWarning):
    """Parameters lie outside the range the integrators were validated for."""
