"""Runnable demos: PyNN scripts that use only public names of adexlab.

Each demo module has a ``main(sim=None, duration=..., dt=...)`` function and runs as
``python -m adexlab.demos.<module>`` or ``adexlab demo <name>``. `DEMOS` is the
registry the command line reads; modules are imported only when a demo runs, so
listing demos loads no simulator.
"""

import argparse
import importlib
from collections.abc import Callable, Sequence
from types import ModuleType

#: Demo name -> (module, one-line description).
DEMOS = {
    "firing-patterns": (
        "adexlab.demos.firing_patterns",
        "the eight AdEx firing patterns of Naud et al. (2008), recognised from ISIs",
    ),
    "lecture-example": (
        "adexlab.demos.lecture_example",
        "the lecture's PyNN example: a 10x10 grid, a DC pulse, all-to-all wiring",
    ),
}

#: Simulator name -> PyNN backend module the demos can run on.
SIMULATORS = {
    "adexlab": "adexlab.core.pynn",
    "nest": "pyNN.nest",
}


def load_demo(name: str) -> ModuleType:
    """Import and return the module of a demo.

    Parameters
    ----------
    name : str
        A key of `DEMOS`, such as ``"firing-patterns"``.

    Raises
    ------
    KeyError
        If no demo has that name; the message lists the known ones.
    """
    if name not in DEMOS:
        known = ", ".join(sorted(DEMOS))
        raise KeyError(f"no demo named {name!r}; known demos: {known}")
    return importlib.import_module(DEMOS[name][0])


def load_simulator(name: str = "adexlab") -> ModuleType:
    """Import and return a PyNN backend module, ``sim`` in PyNN scripts.

    Parameters
    ----------
    name : str
        A key of `SIMULATORS`: ``"adexlab"`` (this project) or ``"nest"`` (pyNN.nest,
        installed with the test extras).

    Raises
    ------
    KeyError
        If the name is not a key of `SIMULATORS`.
    """
    if name not in SIMULATORS:
        known = ", ".join(sorted(SIMULATORS))
        raise KeyError(f"no simulator named {name!r}; known simulators: {known}")
    return importlib.import_module(SIMULATORS[name])


def add_run_arguments(parser: argparse.ArgumentParser, duration: float) -> None:
    """Add the options every demo takes: --duration, --dt and --simulator."""
    parser.add_argument(
        "--duration",
        type=float,
        default=duration,
        metavar="MS",
        help=f"simulated time, in ms (default {duration:g}); short values smoke-test",
    )
    parser.add_argument(
        "--dt", type=float, default=0.1, metavar="MS", help="time step, in ms"
    )
    parser.add_argument(
        "--simulator",
        choices=sorted(SIMULATORS),
        default="adexlab",
        help="PyNN backend to run on (default adexlab)",
    )


def run_from_command_line(
    main: Callable[..., object],
    description: str,
    duration: float,
    argv: Sequence[str] | None = None,
) -> int:
    """Parse the standard demo options and call a demo's ``main``.

    Used by each demo's ``if __name__ == "__main__"`` block. Returns the exit code.
    """
    parser = argparse.ArgumentParser(description=description)
    add_run_arguments(parser, duration)
    args = parser.parse_args(argv)
    main(sim=load_simulator(args.simulator), duration=args.duration, dt=args.dt)
    return 0
