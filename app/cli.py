"""The ``adexlab`` console command.

Sub-commands: ``demo`` lists and runs the demos, ``run`` runs a PyNN script, ``serve``
will start the browser lab. This module is the entry point that configures logging;
library modules only create loggers.
"""

import argparse
import importlib.metadata
import logging
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path

from adexlab.core.exceptions import LabError
from adexlab.demos import DEMOS, SIMULATORS, load_demo, load_simulator

logger = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _version() -> str:
    try:
        return importlib.metadata.version("adexlab")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def configure_logging(level: str) -> None:
    """Send log records of `level` and above to stderr, in one format."""
    logging.basicConfig(level=getattr(logging, level), format=LOG_FORMAT, force=True)


def _run_demo(args: argparse.Namespace) -> int:
    if args.name is None:
        print("Demos (run one with: adexlab demo NAME):")
        for name, (_, description) in DEMOS.items():
            print(f"  {name:<18} {description}")
        return 0
    module = load_demo(args.name)
    logger.info("running demo %s on %s", args.name, args.simulator)
    options = {"sim": load_simulator(args.simulator), "dt": args.dt}
    if args.duration is not None:
        options["duration"] = args.duration
    module.main(**options)
    return 0


def _run_script(args: argparse.Namespace) -> int:
    script = Path(args.script)
    if not script.is_file():
        print(f"adexlab run: no such file: {script}", file=sys.stderr)
        return 1
    logger.info("running script %s", script)
    # As under `python SCRIPT.py`: the script sees itself as sys.argv[0], its own
    # arguments after it, and can import modules that sit beside it.
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = [str(script), *args.script_args]
    sys.path.insert(0, str(script.resolve().parent))
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
    return 0


def _serve(args: argparse.Namespace) -> int:
    # Imported here so that `adexlab demo` and `adexlab run` never load Panel.
    from adexlab.app.lab import serve

    print(f"adexlab lab on http://{args.address}:{args.port}/ (Ctrl-C stops it)")
    serve(
        address=args.address,
        port=args.port,
        allow_websocket_origin=args.allow_websocket_origin,
        autosave_dir=args.autosave_dir,
        show=args.show,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``adexlab`` command."""
    parser = argparse.ArgumentParser(
        prog="adexlab",
        description="adexlab: AdEx spiking networks in numba, scripted through PyNN.",
    )
    parser.add_argument("--version", action="version", version=f"adexlab {_version()}")
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="lowest level of log messages shown on stderr (default WARNING)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="list the demos, or run one", description="Run a demo."
    )
    demo.add_argument(
        "name",
        nargs="?",
        choices=sorted(DEMOS),
        metavar="NAME",
        help=f"demo to run, one of: {', '.join(DEMOS)}; omit to list them",
    )
    demo.add_argument(
        "--duration",
        type=float,
        metavar="MS",
        help="simulated time, in ms (default: the demo's own); short values smoke-test",
    )
    demo.add_argument(
        "--dt",
        type=float,
        default=0.1,
        metavar="MS",
        help="time step, in ms (default 0.1)",
    )
    demo.add_argument(
        "--simulator",
        choices=sorted(SIMULATORS),
        default="adexlab",
        help="PyNN backend (default adexlab; nest needs the test extras)",
    )
    demo.set_defaults(handler=_run_demo)

    run = commands.add_parser(
        "run",
        help="run a PyNN script",
        description="Run a PyNN script in this process, with logging set up. The "
        "script imports its simulator itself, e.g. `import adexlab.core.pynn as sim`.",
    )
    run.add_argument("script", metavar="SCRIPT.py", help="the script to run")
    run.add_argument(
        "script_args",
        nargs=argparse.REMAINDER,
        metavar="ARGS",
        help="arguments passed on to the script",
    )
    run.set_defaults(handler=_run_script)

    serve = commands.add_parser(
        "serve",
        help="start the browser lab",
        description="Start the browser lab; open the printed address in a browser.",
    )
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        help="interface to listen on; 0.0.0.0 serves a classroom "
        "(default: %(default)s)",
    )
    serve.add_argument(
        "--port", type=int, default=5006, help="TCP port (default: %(default)s)"
    )
    serve.add_argument(
        "--allow-websocket-origin",
        action="append",
        metavar="HOST:PORT",
        help="a name browsers reach the server under; repeat for several",
    )
    serve.add_argument(
        "--autosave-dir",
        metavar="DIR",
        help="where each session's network is saved (default: "
        "$XDG_STATE_HOME/adexlab/projects)",
    )
    serve.add_argument("--show", action="store_true", help="open a browser tab")
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``adexlab`` command and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.log_level)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except LabError as error:
        # Bad input or a failed run: the message says what to fix; a traceback won't.
        logger.debug("%s failed", args.command, exc_info=True)
        print(f"adexlab {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
